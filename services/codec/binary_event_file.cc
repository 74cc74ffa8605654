#include "services/codec/binary_event_file.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "services/codec/event_codec.h"

namespace gatekeeper {
namespace {

constexpr size_t kLengthBytes = 4;

}  // namespace

bool IsBinaryEventFileHead(std::string_view head) {
  return head.substr(0, kBinaryEventFileMagic.size()) == kBinaryEventFileMagic;
}

void WriteBinaryEventFileHeader(std::ostream& out) {
  out.write(kBinaryEventFileMagic.data(),
            static_cast<std::streamsize>(kBinaryEventFileMagic.size()));
}

absl::Status AppendBinaryEvent(std::ostream& out, const v1::Event& event) {
  const std::string bytes = event.SerializeAsString();
  if (bytes.size() > kMaxEventBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("event is ", bytes.size(), " bytes, the limit is ", kMaxEventBytes));
  }
  const uint32_t length = static_cast<uint32_t>(bytes.size());
  const std::array<char, kLengthBytes> prefix = {
      static_cast<char>(length & 0xff), static_cast<char>((length >> 8) & 0xff),
      static_cast<char>((length >> 16) & 0xff), static_cast<char>((length >> 24) & 0xff)};
  out.write(prefix.data(), kLengthBytes);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return absl::OkStatus();
}

absl::Status BinaryEventFileReader::ReadHeader() {
  std::string head(kBinaryEventFileMagic.size(), '\0');
  in_->read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in_->gcount()));
  if (!IsBinaryEventFileHead(head)) {
    return absl::InvalidArgumentError("not a binary event file (it does not begin with GKEVB01)");
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> BinaryEventFileReader::Next(std::string* bytes) {
  std::array<unsigned char, kLengthBytes> prefix;
  in_->read(reinterpret_cast<char*>(prefix.data()), kLengthBytes);
  const size_t got = static_cast<size_t>(in_->gcount());
  if (got == 0) return false;
  const uint64_t record = records_ + 1;
  if (got < kLengthBytes) {
    return absl::DataLossError(
        absl::StrCat("record ", record, ": the file ends inside its length"));
  }
  const uint32_t length =
      static_cast<uint32_t>(prefix[0]) | (static_cast<uint32_t>(prefix[1]) << 8) |
      (static_cast<uint32_t>(prefix[2]) << 16) | (static_cast<uint32_t>(prefix[3]) << 24);
  if (length > kMaxEventBytes) {
    return absl::DataLossError(absl::StrCat("record ", record, ": length ", length,
                                            " is over the limit of ", kMaxEventBytes, " bytes"));
  }
  bytes->resize(length);
  in_->read(bytes->data(), static_cast<std::streamsize>(length));
  if (static_cast<size_t>(in_->gcount()) != length) {
    return absl::DataLossError(absl::StrCat("record ", record, ": the file ends after ",
                                            in_->gcount(), " of its ", length, " bytes"));
  }
  ++records_;
  return true;
}

}  // namespace gatekeeper
