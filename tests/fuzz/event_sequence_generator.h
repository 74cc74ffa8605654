// Turns fuzz input into a sequence of Events that interact: a few licences, MRNs, rules and
// parties from small fixed pools, so that declarations cite licences that exist (or just
// stopped existing), amendments and dispositions meet declarations in every status, and
// replacements lower totals below what is already used. Every choice is one input byte, read
// front to back, so a mutation of a byte changes one field of one event and an input that is
// cut short still gives the events before the cut.
//
//   EventSequenceGenerator generator(data, size);
//   while (std::optional<v1::Event> event = generator.Next()) Apply(*event);
//
// One byte in 12 starts a "raw" event instead: the next byte is a length and that many bytes
// are decoded with DecodeEventBinary (what the Kafka door does), so the engine also sees
// events no pool offers; a raw event that does not decode is skipped.
#ifndef GATEKEEPER_TESTS_FUZZ_EVENT_SEQUENCE_GENERATOR_H_
#define GATEKEEPER_TESTS_FUZZ_EVENT_SEQUENCE_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "gatekeeper/v1/event.pb.h"

namespace gatekeeper::fuzz {

// The opcode of each event kind: the first byte of an event, modulo kOpcodeCount. Seeds in
// tests/fuzz/corpus/engine_sequence_fuzzer are written in these terms (see make_seeds.py).
enum Opcode : uint8_t {
  kOpLicence = 0,
  kOpDeclaration = 1,
  kOpInvalidation = 2,
  kOpDisposition = 3,
  kOpLicenceStatus = 4,
  kOpRule = 5,
  kOpRuleRemoval = 6,
  kOpParty = 7,
  kOpPartyRemoval = 8,
  kOpRaw = 9,
  kOpDeclarationToo = 10,  // declarations are the common event: two opcodes of 12
  kOpAmendment = 11,       // a declaration with a version above 1
  kOpcodeCount = 12,
};

class EventSequenceGenerator {
 public:
  // At most this many events per input, so one input stays fast however long it is.
  static constexpr int kMaxEvents = 64;

  EventSequenceGenerator(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  // The next event, or nullopt when the input or kMaxEvents is used up.
  std::optional<v1::Event> Next();

 private:
  // The next byte, 0 once the input is used up.
  uint8_t Byte();
  // A byte modulo n: an index into a pool of n choices.
  size_t Pick(size_t n) { return Byte() % n; }
  bool Exhausted() const { return offset_ >= size_; }

  void Licence(v1::Licence& licence);
  void Declaration(v1::Declaration& declaration, bool amendment);
  void Item(v1::GoodsItem& item);
  void Invalidation(v1::Invalidation& invalidation);
  void Disposition(v1::Disposition& disposition);
  void LicenceStatus(v1::LicenceStatusChange& change);
  void Rule(v1::Rule& rule);
  void Party(v1::ListedParty& party);
  std::optional<v1::Event> Raw();

  const uint8_t* data_;
  size_t size_;
  size_t offset_ = 0;
  int events_ = 0;
};

}  // namespace gatekeeper::fuzz

#endif  // GATEKEEPER_TESTS_FUZZ_EVENT_SEQUENCE_GENERATOR_H_
