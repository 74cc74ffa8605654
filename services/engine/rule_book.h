// The rules pushed by licence authorities, held in memory in rule-id order so that reasons
// are always reported in the same order.
#ifndef GATEKEEPER_SERVICES_ENGINE_RULE_BOOK_H_
#define GATEKEEPER_SERVICES_ENGINE_RULE_BOOK_H_

#include <string>
#include <string_view>

#include "absl/container/btree_map.h"
#include "gatekeeper/v1/rule.pb.h"

namespace gatekeeper {

class RuleBook {
 public:
  void Put(const v1::Rule& rule) { rules_[rule.rule_id()] = rule; }
  void Remove(std::string_view rule_id) { rules_.erase(std::string(rule_id)); }
  const v1::Rule* Find(std::string_view rule_id) const {
    auto it = rules_.find(std::string(rule_id));
    return it == rules_.end() ? nullptr : &it->second;
  }
  size_t size() const { return rules_.size(); }
  // Iteration in rule-id order.
  auto begin() const { return rules_.begin(); }
  auto end() const { return rules_.end(); }

 private:
  absl::btree_map<std::string, v1::Rule> rules_;
};

}  // namespace gatekeeper

#endif  // GATEKEEPER_SERVICES_ENGINE_RULE_BOOK_H_
