#include "services/screening/identifier.h"

namespace gatekeeper {

std::string NormalizeIdentifier(std::string_view id) {
  std::string normalized;
  normalized.reserve(id.size());
  for (char c : id) {
    if (c >= 'a' && c <= 'z') {
      normalized.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      normalized.push_back(c);
    }
  }
  return normalized;
}

}  // namespace gatekeeper
