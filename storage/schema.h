// The on-disk layout of the gatekeeper store: one RocksDB column family per kind of record,
// what each key is made of and what each value holds. docs/STORAGE.md explains the layout;
// storage/key_codec.h builds and parses the keys.
//
// Keys are byte strings compared bytewise. Numbers inside keys are fixed-width big-endian
// so that bytewise order is numeric order; text parts are ended by a 0 byte, which is why
// the store refuses licence ids and MRNs that contain one. Values are serialized protos.
//
//   column family      key                                            value
//   licences           licenceId                                      v1.Licence
//   lines              licenceId 0 lineNo(4 BE)                       internal.LineLedger
//   attributions       licenceId 0 lineNo(4 BE) 0 mrn 0 itemNo(4 BE)  v1.Attribution
//                        0 index(4 BE)
//   rules              ruleId                                         v1.Rule
//   parties            partyId                                        v1.ListedParty
//   declarations       mrn                                            internal.DeclarationRecord
//   outputs            sequence(8 BE)                                 internal.OutputRecord
//   usage_by_licence   licenceId 0 sequence(8 BE)                     empty
//   meta               text key                                       text value
//
// `attributions` is derived: it always equals the attributions listed in the decisions of
// the `declarations` records, re-keyed by licence line so that a line's write-offs can be
// listed and summed without reading every declaration. `usage_by_licence` indexes the usage
// records of `outputs` by licence.
#ifndef GATEKEEPER_STORAGE_SCHEMA_H_
#define GATEKEEPER_STORAGE_SCHEMA_H_

#include <array>
#include <string_view>

namespace gatekeeper::storage {

inline constexpr std::string_view kLicencesFamily = "licences";
inline constexpr std::string_view kLinesFamily = "lines";
inline constexpr std::string_view kAttributionsFamily = "attributions";
inline constexpr std::string_view kRulesFamily = "rules";
inline constexpr std::string_view kPartiesFamily = "parties";
inline constexpr std::string_view kDeclarationsFamily = "declarations";
inline constexpr std::string_view kOutputsFamily = "outputs";
inline constexpr std::string_view kUsageByLicenceFamily = "usage_by_licence";
inline constexpr std::string_view kMetaFamily = "meta";

// Every column family the store opens, in the order of storage::ColumnFamilies' members.
// RocksDB's mandatory "default" family exists too but holds nothing.
inline constexpr std::array<std::string_view, 9> kAllFamilies = {
    kLicencesFamily,     kLinesFamily,   kAttributionsFamily,
    kRulesFamily,        kPartiesFamily, kDeclarationsFamily,
    kOutputsFamily,      kUsageByLicenceFamily, kMetaFamily};

// Metadata keys owned by the store. Callers' MetaWrite keys may not start with
// kStoreMetaPrefix, so that no caller can overwrite them.
inline constexpr std::string_view kStoreMetaPrefix = "store/";
// The layout version of this file, as decimal text. Open refuses any other version.
inline constexpr std::string_view kFormatVersionKey = "store/format_version";
inline constexpr std::string_view kFormatVersion = "1";
// The sequence the next output record gets, as decimal text; absent means 1.
inline constexpr std::string_view kNextSequenceKey = "store/next_sequence";

}  // namespace gatekeeper::storage

#endif  // GATEKEEPER_STORAGE_SCHEMA_H_
