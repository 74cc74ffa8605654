#include "gateway/store_access.h"

namespace gatekeeper::gateway {

StoreAccess::StoreAccess(storage::Store& store) : store_(store) {}

}  // namespace gatekeeper::gateway
