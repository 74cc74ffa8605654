// gatekeeper.v1.OfficerService (contract §6), for callers with the officer role: hold
// alerts for an office (WatchHolds: every status change of a declaration that is or was
// held), current decisions (GetDecision, ListDeclarations) and the release or refusal of
// a held declaration (Dispose, answered once durable).
#ifndef GATEKEEPER_GATEWAY_OFFICER_SERVICE_H_
#define GATEKEEPER_GATEWAY_OFFICER_SERVICE_H_

#include "gatekeeper/v1/services.grpc.pb.h"
#include "gateway/service_context.h"

namespace gatekeeper::gateway {

class OfficerServiceImpl final : public v1::OfficerService::CallbackService {
 public:
  explicit OfficerServiceImpl(const ServiceContext& context) : context_(context) {}

  grpc::ServerWriteReactor<v1::Decision>* WatchHolds(grpc::CallbackServerContext* call,
                                                     const v1::WatchHoldsRequest* request) override;
  grpc::ServerUnaryReactor* GetDecision(grpc::CallbackServerContext* call,
                                        const v1::GetDecisionRequest* request,
                                        v1::Decision* decision) override;
  grpc::ServerUnaryReactor* ListDeclarations(grpc::CallbackServerContext* call,
                                             const v1::ListDeclarationsRequest* request,
                                             v1::ListDeclarationsResponse* response) override;
  grpc::ServerUnaryReactor* Dispose(grpc::CallbackServerContext* call,
                                    const v1::Disposition* disposition,
                                    v1::Decision* decision) override;

 private:
  const ServiceContext context_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_OFFICER_SERVICE_H_
