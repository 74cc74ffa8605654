// gatekeeper.v1.CustomsService (contract §6), for callers with the customs role: lodge,
// amend and invalidate declarations (Submit answers with the decision once it is
// durable), and follow every decision from a sequence on (WatchDecisions).
#ifndef GATEKEEPER_GATEWAY_CUSTOMS_SERVICE_H_
#define GATEKEEPER_GATEWAY_CUSTOMS_SERVICE_H_

#include "gatekeeper/v1/services.grpc.pb.h"
#include "gateway/service_context.h"

namespace gatekeeper::gateway {

class CustomsServiceImpl final : public v1::CustomsService::CallbackService {
 public:
  explicit CustomsServiceImpl(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* Submit(grpc::CallbackServerContext* call, const v1::Event* event,
                                   v1::Decision* decision) override;
  grpc::ServerWriteReactor<v1::Decision>* WatchDecisions(
      grpc::CallbackServerContext* call, const v1::WatchDecisionsRequest* request) override;

 private:
  const ServiceContext context_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_CUSTOMS_SERVICE_H_
