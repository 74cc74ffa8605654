// gkctl replay: JSON-lines events through the engine into the store, decisions
// out.
//
// Group commit: the effects of up to --batch-events lines are staged, then
// committed in one synced write together with the number of the last line read
// (when reading a FILE). Only then are the group's decisions printed on stdout
// and its bad lines reported on stderr, so what a replay prints is always what
// the store holds, and a replay that is killed and started again resumes after
// the last committed line: across the runs every decision is printed at most
// once (a kill between a commit and its printing loses that group's lines from
// stdout; `gkctl decision show` still has them).
//
// Three threads, joined by bounded queues: a reader decodes the JSON lines
// (decoding is pure and a third of the work), the main thread applies them
// through the engine and commits the groups, and a printer encodes the
// committed decisions as JSON. Applying stays one event at a time in file
// order; the other two only take work off its path.
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/codec/event_codec.h"
#include "services/codec/number_text.h"
#include "services/engine/engine.h"
#include "storage/store.h"
#include "tools/gkctl/bounded_queue.h"
#include "tools/gkctl/command_line.h"
#include "tools/gkctl/commands.h"
#include "tools/gkctl/line_reader.h"

namespace gatekeeper::gkctl {
namespace {

constexpr int64_t kDefaultBatchEvents = 512;
constexpr int64_t kMaxBatchEvents = 100000;
// Decisions and reports wait in memory until their group is committed; a group
// is committed early when they grow past this.
constexpr size_t kMaxPendingOutputBytes = 16 << 20;
// One report on stderr is cut to this length (an unknown field name can be
// long).
constexpr size_t kMaxReportBytes = 2048;
// Metadata key prefix of a file's replay position; the key ends with the file's
// path.
constexpr char kPositionKeyPrefix[] = "replay/";
// Decoded lines read ahead of the applying thread, and committed groups waiting
// to be printed: enough to keep every thread busy, small enough to bound memory.
constexpr size_t kDecodedQueueLines = 2048;
constexpr size_t kPrintQueueGroups = 8;

volatile std::sig_atomic_t g_stop_signal = 0;
// The thread that reads the input, once it runs. A stop signal can land on any
// thread that does not block it (RocksDB's own threads included); it is passed
// on to the reader, whose blocking read on a pipe must be interrupted for the
// replay to stop.
pthread_t g_reader_thread;
volatile std::sig_atomic_t g_reader_running = 0;

extern "C" void RequestStop(int signal_number) {
  g_stop_signal = signal_number;
  if (g_reader_running != 0 && !pthread_equal(pthread_self(), g_reader_thread)) {
    pthread_kill(g_reader_thread, signal_number);
  }
}

// SIGINT and SIGTERM end the replay after the line in hand, with its group
// committed. Without SA_RESTART, a read blocked on a pipe returns so the flag
// is seen.
void InstallStopHandlers() {
  struct sigaction action;
  std::memset(&action, 0, sizeof(action));
  action.sa_handler = RequestStop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool IsBlank(const std::string& text) {
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Cuts a message to kMaxReportBytes at a UTF-8 character boundary.
std::string Bounded(std::string message) {
  if (message.size() <= kMaxReportBytes) return message;
  size_t cut = kMaxReportBytes;
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;
  message.resize(cut);
  message.append("...");
  return message;
}

struct ReplayCounts {
  uint64_t events_applied = 0;
  uint64_t declarations_decided = 0;
  uint64_t cleared = 0;
  uint64_t held = 0;
  uint64_t rejected = 0;
  uint64_t duplicates = 0;
  uint64_t errors = 0;
};

// One input line, decoded off the applying thread.
struct DecodedLine {
  int64_t number = 0;
  bool too_long = false;
  uint64_t length_bytes = 0;
  bool blank = false;
  absl::StatusOr<v1::Event> event;
};

// What one committed group prints: its decisions on stdout, its bad lines on
// stderr.
struct PrintJob {
  std::vector<v1::Decision> decisions;
  std::string reports;
};

// Prints committed groups in commit order until the queue is closed.
void PrintCommitted(BoundedQueue<PrintJob>& queue) {
  std::string out;
  while (std::optional<PrintJob> job = queue.Pop()) {
    out.clear();
    for (const v1::Decision& decision : job->decisions) {
      absl::StrAppend(&out, ToJsonLine(decision), "\n");
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    std::fwrite(job->reports.data(), 1, job->reports.size(), stderr);
    std::fflush(stderr);
  }
}

// What the reading thread ends with.
struct ReadOutcome {
  absl::Status status;  // a read error
  int64_t lines_read = 0;
};

// Reads and decodes the lines after `resume_after` into `queue`, then closes
// it. Stops early on SIGINT/SIGTERM (its read is the one they interrupt) or
// when the applying side closed the queue.
ReadOutcome ReadAndDecode(int input_fd, int64_t resume_after, BoundedQueue<DecodedLine>& queue) {
  ReadOutcome outcome;
  g_reader_thread = pthread_self();
  g_reader_running = 1;
  LineReader reader(input_fd, kMaxEventBytes);
  while (g_stop_signal == 0) {
    absl::StatusOr<std::optional<LineReader::Line>> next = reader.Next();
    if (absl::IsUnavailable(next.status())) continue;  // interrupted: the loop checks why
    if (!next.ok()) {
      outcome.status = next.status();
      break;
    }
    if (!next->has_value()) break;
    const LineReader::Line& input = **next;
    outcome.lines_read = input.number;
    if (input.number <= resume_after) continue;
    DecodedLine line;
    line.number = input.number;
    line.too_long = input.too_long;
    line.length_bytes = input.length_bytes;
    if (!input.too_long) {
      line.blank = IsBlank(*input.text);
      if (!line.blank) line.event = DecodeEventJson(*input.text);
    }
    if (!queue.Push(std::move(line))) break;
  }
  g_reader_running = 0;
  queue.Close();
  return outcome;
}

// Applies lines to the store in groups, and prints what each group committed.
class Replay {
 public:
  // `position_key` is the metadata key of the file's position, or nullopt for
  // stdin.
  Replay(storage::Store& store, const Engine& engine, std::optional<std::string> position_key,
         int64_t batch_events, BoundedQueue<PrintJob>& printer)
      : store_(store),
        engine_(engine),
        position_key_(std::move(position_key)),
        batch_events_(batch_events),
        printer_(printer) {}

  // Applies one decoded line. A bad line is reported (when its group commits)
  // and counted; a non-OK status means the store failed and nothing more can be
  // written.
  absl::Status Apply(DecodedLine& line) {
    if (line.too_long) {
      return Refuse(line.number,
                    absl::StrCat("line is ", WithThousands(line.length_bytes),
                                 " bytes; the limit is ", WithThousands(kMaxEventBytes)));
    }
    if (line.blank) return absl::OkStatus();
    if (!line.event.ok()) return Refuse(line.number, std::string(line.event.status().message()));
    const v1::Event& event = *line.event;
    absl::StatusOr<LedgerEffects> effects =
        engine_.Apply(event, store_, ApplyContext{.now = decided_at_.Now()});
    if (!effects.ok()) return Refuse(line.number, std::string(effects.status().message()));
    if (effects->duplicate) {
      ++counts_.duplicates;
      return StagePositionOnly(line.number);
    }
    if (absl::Status staged = store_.Stage(*effects, Position(line.number)); !staged.ok()) {
      // The store refused what the engine produced (its last check of the
      // ledger invariant): the line is reported like any refused one rather
      // than stopping the replay, as the Kafka door dead-letters it. A store
      // that cannot even take the position has failed, and that is returned.
      return Refuse(line.number,
                    absl::StrCat("the store refused the event's effects: ", staged.message()));
    }
    ++lines_in_group_;
    ++counts_.events_applied;
    for (internal::OutputRecord& output : effects->outputs) {
      if (!output.has_decision()) continue;
      if (event.has_declaration()) CountDeclaration(output.decision());
      pending_bytes_ += output.decision().ByteSizeLong();
      pending_.decisions.push_back(std::move(*output.mutable_decision()));
    }
    return absl::OkStatus();
  }

  // True when the open group should be committed now.
  bool GroupFull() const {
    return lines_in_group_ >= batch_events_ ||
           pending_bytes_ + pending_.reports.size() > kMaxPendingOutputBytes;
  }

  // Commits the open group, then hands its decisions and reports to the
  // printer: nothing is printed before it is durable.
  absl::Status CommitAndPrint() {
    if (absl::Status committed = store_.Commit(); !committed.ok()) return committed;
    if (!pending_.decisions.empty() || !pending_.reports.empty()) {
      printer_.Push(std::move(pending_));
    }
    pending_ = PrintJob();
    pending_bytes_ = 0;
    lines_in_group_ = 0;
    return absl::OkStatus();
  }

  const ReplayCounts& counts() const { return counts_; }

 private:
  std::vector<storage::MetaWrite> Position(int64_t line_number) const {
    if (!position_key_.has_value()) return {};
    return {storage::MetaWrite{.key = *position_key_, .value = absl::StrCat(line_number)}};
  }

  // A line that changes nothing still moves the position, so a resumed replay
  // does not report it again.
  absl::Status StagePositionOnly(int64_t line_number) {
    if (!position_key_.has_value()) return absl::OkStatus();
    ++lines_in_group_;
    return store_.StageMeta(Position(line_number));
  }

  absl::Status Refuse(int64_t line_number, std::string message) {
    Report(line_number, std::move(message));
    return StagePositionOnly(line_number);
  }

  void Report(int64_t line_number, std::string message) {
    ++counts_.errors;
    absl::StrAppend(&pending_.reports, "line ", line_number, ": ", Bounded(std::move(message)),
                    "\n");
  }

  // A REJECTED declaration is an applied event, not a skipped line: its
  // decision (with `error` naming the field) is the report, on stdout, as on
  // the Kafka door's decisions topic.
  void CountDeclaration(const v1::Decision& decision) {
    ++counts_.declarations_decided;
    switch (decision.status()) {
      case v1::CLEARED:
        ++counts_.cleared;
        break;
      case v1::HELD:
        ++counts_.held;
        break;
      case v1::REJECTED:
        ++counts_.rejected;
        break;
      default:
        break;
    }
  }

  storage::Store& store_;
  const Engine& engine_;
  DecidedAtClock decided_at_;
  const std::optional<std::string> position_key_;
  const int64_t batch_events_;
  BoundedQueue<PrintJob>& printer_;
  int64_t lines_in_group_ = 0;
  PrintJob pending_;
  size_t pending_bytes_ = 0;
  ReplayCounts counts_;
};

void PrintSummary(const ReplayCounts& counts, absl::Duration elapsed) {
  const double seconds = absl::ToDoubleSeconds(elapsed);
  const double per_second = seconds > 0 ? counts.declarations_decided / seconds : 0;
  std::fprintf(
      stderr, "%s",
      absl::StrFormat("gkctl replay: %s events applied; %s declarations decided "
                      "(%s cleared, %s held, %s rejected); %s duplicates; %s errors; "
                      "%.1f s, %s declarations/s\n",
                      WithThousands(counts.events_applied),
                      WithThousands(counts.declarations_decided), WithThousands(counts.cleared),
                      WithThousands(counts.held), WithThousands(counts.rejected),
                      WithThousands(counts.duplicates), WithThousands(counts.errors), seconds,
                      WithThousands(static_cast<uint64_t>(per_second)))
          .c_str());
}

}  // namespace

int RunReplayCommand(const std::vector<std::string>& args) {
  constexpr char kCommand[] = "replay";
  absl::StatusOr<CommandLine> line = CommandLine::Parse(
      args,
      {{"data-dir", true}, {"batch-events", true}, {"from-start", false}, {"threshold", true}});
  if (!line.ok()) return UsageError(kCommand, line.status().message());
  if (!line->Value("data-dir").has_value() || line->Value("data-dir")->empty()) {
    return UsageError(kCommand, "--data-dir DIR is required");
  }
  if (line->positional().size() > 1) {
    return UsageError(kCommand,
                      absl::StrCat("unexpected argument \"", line->positional()[1], "\""));
  }
  absl::StatusOr<int64_t> batch_events =
      line->IntValue("batch-events", kDefaultBatchEvents, 1, kMaxBatchEvents);
  if (!batch_events.ok()) return UsageError(kCommand, batch_events.status().message());
  absl::StatusOr<double> threshold =
      line->DoubleValue("threshold", kDefaultScreeningThreshold, 0.0, 1.0);
  if (!threshold.ok() || *threshold == 0.0) {
    return UsageError(kCommand, "--threshold must be a number in (0, 1]");
  }
  const bool from_file = !line->positional().empty() && line->positional()[0] != "-";
  if (line->Has("from-start") && !from_file) {
    return UsageError(kCommand, "--from-start applies only when reading a FILE");
  }

  const absl::Time started = absl::Now();
  int input_fd = STDIN_FILENO;
  std::optional<std::string> position_key;
  std::string file_name = "standard input";
  if (from_file) {
    file_name = line->positional()[0];
    input_fd = open(file_name.c_str(), O_RDONLY | O_CLOEXEC);
    if (input_fd < 0) {
      return Failure(kCommand, absl::StrCat("cannot open ", file_name, ": ", std::strerror(errno)));
    }
    std::error_code error;
    std::filesystem::path absolute = std::filesystem::canonical(file_name, error);
    if (error) absolute = std::filesystem::absolute(file_name);
    position_key = absl::StrCat(kPositionKeyPrefix, absolute.string());
  }

  absl::StatusOr<std::unique_ptr<storage::Store>> store = OpenStore(*line, true);
  if (!store.ok()) return Failure(kCommand, store.status().message());

  int64_t resume_after = 0;
  if (position_key.has_value() && !line->Has("from-start")) {
    if (std::optional<std::string> position = (*store)->GetMeta(*position_key)) {
      if (!absl::SimpleAtoi(*position, &resume_after) || resume_after < 0) {
        return Failure(kCommand, absl::StrCat("the stored position of ", file_name, " (\"",
                                              *position, "\") is not a line number"));
      }
      std::fprintf(stderr, "gkctl replay: resuming %s after line %lld\n", file_name.c_str(),
                   static_cast<long long>(resume_after));
    }
  }

  InstallStopHandlers();
  const Engine engine(EngineOptions{.screening_threshold = *threshold});
  BoundedQueue<DecodedLine> decoded(kDecodedQueueLines);
  BoundedQueue<PrintJob> printed(kPrintQueueGroups);
  ReadOutcome read_outcome;
  std::thread reader_thread([&] { read_outcome = ReadAndDecode(input_fd, resume_after, decoded); });
  // SIGINT and SIGTERM go to the reader alone: its blocking read is what they
  // must interrupt; the other threads see the flag between lines.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::thread printer_thread([&] { PrintCommitted(printed); });
  // Stops the helper threads, printing what was committed; every exit path
  // below goes through it.
  auto finish = [&] {
    decoded.Close();
    reader_thread.join();
    printed.Close();
    printer_thread.join();
  };

  Replay replay(**store, engine, position_key, *batch_events, printed);
  int exit_status = kExitOk;
  while (g_stop_signal == 0) {
    std::optional<DecodedLine> line = decoded.Pop();
    if (!line.has_value()) break;
    if (absl::Status applied = replay.Apply(*line); !applied.ok()) {
      finish();
      return Failure(kCommand, absl::StrCat("the store failed at line ", line->number, ": ",
                                            std::string(applied.message()),
                                            "; lines of the uncommitted group were not applied"));
    }
    if (replay.GroupFull()) {
      if (absl::Status committed = replay.CommitAndPrint(); !committed.ok()) {
        finish();
        return Failure(kCommand, absl::StrCat("commit failed at line ", line->number, ": ",
                                              std::string(committed.message())));
      }
    }
  }
  if (absl::Status committed = replay.CommitAndPrint(); !committed.ok()) {
    finish();
    return Failure(kCommand, absl::StrCat("commit failed: ", std::string(committed.message())));
  }
  finish();
  const int64_t lines_read = read_outcome.lines_read;
  if (!read_outcome.status.ok()) {
    Failure(kCommand, read_outcome.status.message());
    exit_status = kExitFailure;
  }
  if (from_file) close(input_fd);

  if (g_stop_signal != 0) {
    std::fprintf(stderr,
                 "gkctl replay: stopped by signal %d after line %lld; run "
                 "again to resume\n",
                 static_cast<int>(g_stop_signal), static_cast<long long>(lines_read));
    exit_status = 128 + g_stop_signal;
  } else if (exit_status == kExitOk && lines_read < resume_after) {
    std::fprintf(stderr,
                 "gkctl replay: %s has %lld lines, but line %lld was recorded "
                 "as applied: was "
                 "the file replaced? --from-start applies it again\n",
                 file_name.c_str(), static_cast<long long>(lines_read),
                 static_cast<long long>(resume_after));
    exit_status = kExitFailure;
  }
  PrintSummary(replay.counts(), absl::Now() - started);
  if (exit_status == kExitOk && replay.counts().errors > 0) exit_status = kExitBadInput;
  return exit_status;
}

}  // namespace gatekeeper::gkctl
