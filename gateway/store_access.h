// Serialized access to a storage::Store shared by one writer thread and the gRPC threads
// that read it (the Store is not thread-safe, and its reads see staged, uncommitted
// effects).
//
// Guarantee: a reader that goes through Read() sees only committed state, provided the
// writer holds mutex() from the first Stage of a group until its Commit returns. Every
// other call on the store from any thread must hold mutex() too.
//
//   access.Read([&](const storage::Store& store) { return store.GetDecision(mrn); });
//
//   {  // the writer
//     absl::MutexLock lock(&access.mutex());
//     ... store.Stage(...) ... store.Commit();
//   }
#ifndef GATEKEEPER_GATEWAY_STORE_ACCESS_H_
#define GATEKEEPER_GATEWAY_STORE_ACCESS_H_

#include <utility>

#include "absl/synchronization/mutex.h"
#include "storage/store.h"

namespace gatekeeper::gateway {

class StoreAccess {
 public:
  // `store` must outlive this object.
  explicit StoreAccess(storage::Store& store);

  // Runs `fn(const storage::Store&)` under the mutex and returns its result.
  template <typename Fn>
  auto Read(Fn&& fn) const {
    absl::MutexLock lock(&mutex_);
    return std::forward<Fn>(fn)(static_cast<const storage::Store&>(store_));
  }

  // The writer holds this from the first Stage of a group until Commit returns.
  absl::Mutex& mutex() const { return mutex_; }

  // REQUIRES: the caller holds mutex().
  storage::Store& store() const { return store_; }

 private:
  storage::Store& store_;
  mutable absl::Mutex mutex_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_STORE_ACCESS_H_
