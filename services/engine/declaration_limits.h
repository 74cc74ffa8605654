// The bounds on one declaration and on every decision the engine produces, so that no single
// record can become an output that Kafka (message.max.bytes, 1,000,000 by default) or gRPC
// (4 MiB) refuses. A declaration over an input bound is REJECTED naming the field, the count
// and the limit (an amendment is refused and its previous version stands), like any other
// malformed declaration; docs/ENGINE.md "Limits" gives the reasoning and the measured sizes.
//
// The input bounds make the common worst case fit: every document an unknown licence with a
// reference of the longest licence id gives one reason per document, and a declaration at
// every bound then decides in 800,239 bytes of JSON (tests/engine/decision_size_test.cc).
// What the input cannot bound (reasons that come from the state: many listed parties or rules
// matching, long names echoed in details, strings that JSON escapes six-fold) is caught by the
// final size check (services/engine/decision_size.h).
#ifndef GATEKEEPER_SERVICES_ENGINE_DECLARATION_LIMITS_H_
#define GATEKEEPER_SERVICES_ENGINE_DECLARATION_LIMITS_H_

#include <cstddef>

namespace gatekeeper {

// Goods items per declaration: item numbers are 1..999 (contract §2, as in CUSDEC and UCC
// Annex B), so this only names the limit when more items are sent.
inline constexpr size_t kItemsPerDeclarationMax = 999;

// Documents per goods item: UCC Delegated Regulation Annex B (data element 12 03, supporting
// documents) and CUSDEC allow 99 occurrences per item.
inline constexpr size_t kDocumentsPerItemMax = 99;

// Documents per declaration, all items together: three per item on the largest declaration
// (or 99 on each of 30 items). Every licence document yields at least one reason or one
// attribution, so the count bounds the decision: at 3,000 unknown licences with 64-byte
// references on 999 items (and one rule reason) the decision is 530,039 bytes of protobuf and
// 800,239 of JSON, under the 900,000 of kDeclarationDecisionBytesMax. The 999 x 92 = 91,908
// documents is far above it.
inline constexpr size_t kDocumentsPerDeclarationMax = 3000;

// Identifiers (licence, rule, party ids) are at most this long; a licence document whose
// reference is longer cannot name a licence and is rejected, which bounds the reference that
// every reason about that document repeats.
inline constexpr size_t kIdBytesMax = 64;

// Reasons listed per item. Reasons are not bounded by the declaration: every listed party
// that matches and every matching rule adds one to every item, and each of up to 99 licence
// documents can fail up to nine checks. Past the bound the item keeps its first
// kReasonsPerItemMax reasons in the contract's order, and the last of them says how many more
// there are, by code, so the officer still sees every kind of problem; the item is HOLD in
// any case (it has reasons), so nothing can clear because of the cut.
inline constexpr size_t kReasonsPerItemMax = 100;

// The largest decision a declaration may produce, as binary protobuf and as proto3 JSON
// (gatekeeperd --output-format json publishes JSON): a declaration whose decision would be
// larger is REJECTED ("split the declaration"), an amendment refused.
inline constexpr size_t kDeclarationDecisionBytesMax = 900000;

// A disposition event's binary size is at most this; a larger one is refused. An officer id
// and a note of the codec's longest string (4,096 bytes each) with an MRN and a decidedAt
// come to about 8,260.
inline constexpr size_t kDispositionBytesMax = 10000;

// What a later transition can add to a stored decision: a disposition (at most 6 x 10,000
// bytes of JSON plus its key and fields, 60,400), a status name a few letters longer and a
// new decidedAt. Invalidation and refusal only remove attributions.
inline constexpr size_t kDecisionGrowthBytesMax = 65536;

// So every decision ever published is at most 965,536 bytes, which leaves 34,464 bytes of
// Kafka's default 1,000,000 for the record's key (the MRN), headers and batch framing, and is
// far under gRPC's 4 MiB.
inline constexpr size_t kDecisionBytesMax = kDeclarationDecisionBytesMax + kDecisionGrowthBytesMax;
static_assert(kDecisionBytesMax < 1000000, "a decision must fit Kafka's default message size");

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_DECLARATION_LIMITS_H_
