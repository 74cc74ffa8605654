#include "tests/gkctl/gkctl_runner.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"

extern char** environ;

namespace gatekeeper::testing {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path TestTempRoot() {
  const char* root = std::getenv("TEST_TMPDIR");
  return root != nullptr && *root != '\0' ? std::filesystem::path(root)
                                          : std::filesystem::temp_directory_path();
}

}  // namespace

std::vector<std::string> GkctlResult::OutLines() const {
  return absl::StrSplit(out, '\n', absl::SkipEmpty());
}

std::vector<std::string> GkctlResult::LineReports() const {
  std::vector<std::string> reports;
  for (absl::string_view line : absl::StrSplit(err, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "line ")) reports.emplace_back(line);
  }
  return reports;
}

ScratchDir::ScratchDir() {
  std::string pattern = (TestTempRoot() / "gkctl_test.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp: " << std::strerror(errno);
  }
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

GkctlProcess::GkctlProcess(const std::vector<std::string>& args,
                           const std::filesystem::path& scratch, const std::string& stdin_path) {
  static std::atomic<int> runs{0};
  const int run = runs++;
  out_path_ = scratch / absl::StrCat("gkctl.", run, ".out");
  err_path_ = scratch / absl::StrCat("gkctl.", run, ".err");
  std::vector<std::string> argv_text = {GKCTL_PATH};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(
      &actions, STDIN_FILENO, stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    ADD_FAILURE() << "cannot start " << argv[0] << ": " << std::strerror(spawned);
    pid_ = -1;
  }
}

GkctlResult GkctlProcess::Wait() {
  GkctlResult result;
  if (pid_ < 0) return result;
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0) {
    if (errno != EINTR) {
      ADD_FAILURE() << "waitpid: " << std::strerror(errno);
      return result;
    }
  }
  pid_ = -1;
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.exit_status = 128 + WTERMSIG(status);
  result.out = ReadFile(out_path_);
  result.err = ReadFile(err_path_);
  return result;
}

GkctlResult RunGkctl(const std::vector<std::string>& args, const std::string& stdin_path) {
  ScratchDir scratch;
  GkctlProcess process(args, scratch.path(), stdin_path);
  return process.Wait();
}

void WriteLines(const std::filesystem::path& path, const std::vector<std::string>& lines,
                bool append) {
  std::ofstream out(path, append ? std::ios::app : std::ios::trunc);
  for (const std::string& line : lines) out << line << "\n";
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

}  // namespace gatekeeper::testing
