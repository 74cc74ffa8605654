// A file of gatekeeper Events, JSON lines (the `gkctl replay` format, what
// gk-samplegen writes) or a binary event file (services/codec/binary_event_file.h),
// read and split the way it is published: authority events for the licensing
// topic, customs events for the declarations topic, each in file order. An event
// that is not valid is reported on stderr with its line or record number and
// skipped.
#ifndef GATEKEEPER_TOOLS_LOADGEN_EVENTS_FILE_H_
#define GATEKEEPER_TOOLS_LOADGEN_EVENTS_FILE_H_

#include <string>

#include "absl/status/status.h"
#include "tools/loadgen/synthetic_events.h"

namespace gatekeeper::loadgen {

// Appends the events of `path` ("-" = standard input) to `events`; `command`
// names the caller in the messages about skipped lines.
absl::Status ReadEventsFile(const std::string& path, const std::string& command,
                            SyntheticEvents& events);

}  // namespace gatekeeper::loadgen

#endif  // GATEKEEPER_TOOLS_LOADGEN_EVENTS_FILE_H_
