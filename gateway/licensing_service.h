// gatekeeper.v1.LicensingService (contract §6), for callers with the licensing role:
// licences, licence statuses, rules and listed parties in (Apply, ApplyStream, each
// answered once durable), licence balances and usage records out (GetLicence, ListUsage,
// WatchUsage).
#ifndef GATEKEEPER_GATEWAY_LICENSING_SERVICE_H_
#define GATEKEEPER_GATEWAY_LICENSING_SERVICE_H_

#include "gatekeeper/v1/services.grpc.pb.h"
#include "gateway/service_context.h"

namespace gatekeeper::gateway {

class LicensingServiceImpl final : public v1::LicensingService::CallbackService {
 public:
  explicit LicensingServiceImpl(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* Apply(grpc::CallbackServerContext* call, const v1::Event* event,
                                  v1::ApplyResponse* response) override;
  grpc::ServerReadReactor<v1::Event>* ApplyStream(grpc::CallbackServerContext* call,
                                                  v1::ApplyStreamSummary* summary) override;
  grpc::ServerUnaryReactor* GetLicence(grpc::CallbackServerContext* call,
                                       const v1::GetLicenceRequest* request,
                                       v1::LicenceView* view) override;
  grpc::ServerUnaryReactor* ListUsage(grpc::CallbackServerContext* call,
                                      const v1::ListUsageRequest* request,
                                      v1::ListUsageResponse* response) override;
  grpc::ServerWriteReactor<v1::UsageRecord>* WatchUsage(
      grpc::CallbackServerContext* call, const v1::WatchUsageRequest* request) override;

 private:
  const ServiceContext context_;
};

}  // namespace gatekeeper::gateway

#endif  // GATEKEEPER_GATEWAY_LICENSING_SERVICE_H_
