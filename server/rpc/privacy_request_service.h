// PrivacyRequestServiceImpl: the opinus.v1.PrivacyRequestService RPCs over
// PrivacyRequestManager.
#ifndef OPINUS_SERVER_RPC_PRIVACY_REQUEST_SERVICE_H_
#define OPINUS_SERVER_RPC_PRIVACY_REQUEST_SERVICE_H_

#include "opinus/v1/privacy.grpc.pb.h"
#include "server/managers/privacy_request_manager.h"

namespace opinus::server::rpc {

// PrivacyRequestServiceImpl translates requests and replies; it does not own
// `requests`. The gateway calls it for the public page (auth::MethodPolicy).
class PrivacyRequestServiceImpl final : public opinus::v1::PrivacyRequestService::Service {
 public:
  explicit PrivacyRequestServiceImpl(PrivacyRequestManager* requests) : requests_(requests) {}

  grpc::Status RequestPersonalData(grpc::ServerContext* context,
                                   const opinus::v1::RequestPersonalDataRequest* request,
                                   opinus::v1::PrivacyRequestInfo* response) override;
  grpc::Status DescribePrivacyRequest(grpc::ServerContext* context,
                                      const opinus::v1::PrivacyRequestToken* request,
                                      opinus::v1::PrivacyRequestInfo* response) override;
  grpc::Status ConfirmPrivacyRequest(grpc::ServerContext* context,
                                     const opinus::v1::PrivacyRequestToken* request,
                                     opinus::v1::PrivacyRequestInfo* response) override;

 private:
  PrivacyRequestManager* requests_;
};

}  // namespace opinus::server::rpc

#endif  // OPINUS_SERVER_RPC_PRIVACY_REQUEST_SERVICE_H_
