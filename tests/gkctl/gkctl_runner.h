// Runs the real gkctl binary (GKCTL_PATH, set by CMake) as a child process, as
// a user or a script would, and hands back what they would see: the exit
// status, standard output and standard error. Also owns the scratch
// directories the runs use.
#ifndef GATEKEEPER_TESTS_GKCTL_GKCTL_RUNNER_H_
#define GATEKEEPER_TESTS_GKCTL_GKCTL_RUNNER_H_

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace gatekeeper::testing {

struct GkctlResult {
  // The exit status, or 128 + the signal number when a signal ended it.
  int exit_status = -1;
  std::string out;
  std::string err;
  // Standard output split into lines, without the newlines.
  std::vector<std::string> OutLines() const;
  // Standard error lines that start with "line ": the per-line reports.
  std::vector<std::string> LineReports() const;
};

// A fresh directory under the test temporary directory, removed with the
// object.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// A gkctl child whose standard input is `stdin_path` (/dev/null when empty)
// and whose output goes to files in `scratch`.
class GkctlProcess {
 public:
  GkctlProcess(const std::vector<std::string>& args, const std::filesystem::path& scratch,
               const std::string& stdin_path = "");
  pid_t pid() const { return pid_; }
  // Waits for the child to end and collects its output.
  GkctlResult Wait();

 private:
  pid_t pid_ = -1;
  std::filesystem::path out_path_;
  std::filesystem::path err_path_;
};

// Runs gkctl to completion.
GkctlResult RunGkctl(const std::vector<std::string>& args, const std::string& stdin_path = "");

// Writes `lines`, each followed by a newline, to `path` (appending when asked).
void WriteLines(const std::filesystem::path& path, const std::vector<std::string>& lines,
                bool append = false);

}  // namespace gatekeeper::testing

#endif  // GATEKEEPER_TESTS_GKCTL_GKCTL_RUNNER_H_
