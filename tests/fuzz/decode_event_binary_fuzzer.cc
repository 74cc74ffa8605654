// libFuzzer target: DecodeEventBinary on arbitrary bytes (binary Kafka
// records). Properties in fuzz_properties.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "services/codec/event_codec.h"
#include "tests/fuzz/fuzz_properties.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  gatekeeper::fuzz::CheckDecoded(gatekeeper::DecodeEventBinary(input));
  return 0;
}
