#include "server/rpc/privacy_request_service.h"

#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {
namespace {

namespace v1 = ::opinus::v1;

void ToProto(const PrivacyRequestView& view, v1::PrivacyRequestInfo* proto) {
  proto->set_action(view.action == PrivacyAction::kExport ? v1::PRIVACY_REQUEST_ACTION_EXPORT
                                                          : v1::PRIVACY_REQUEST_ACTION_ERASE);
  proto->set_email_hint(view.email_hint);
  rpc::ToProto(view.expire_time, proto->mutable_expire_time());
}

}  // namespace

grpc::Status PrivacyRequestServiceImpl::RequestPersonalData(
    grpc::ServerContext*, const v1::RequestPersonalDataRequest* request,
    v1::PrivacyRequestInfo* response) {
  if (request->action() != v1::PRIVACY_REQUEST_ACTION_ERASE &&
      request->action() != v1::PRIVACY_REQUEST_ACTION_EXPORT) {
    return Reply("RequestPersonalData", absl::InvalidArgumentError("action: missing"));
  }
  absl::StatusOr<PrivacyRequestView> view = requests_->Request(
      request->email(),
      request->action() == v1::PRIVACY_REQUEST_ACTION_EXPORT ? PrivacyAction::kExport
                                                             : PrivacyAction::kErase,
      request->client_address());
  if (view.ok()) ToProto(*view, response);
  return Reply("RequestPersonalData", view.status());
}

grpc::Status PrivacyRequestServiceImpl::DescribePrivacyRequest(
    grpc::ServerContext*, const v1::PrivacyRequestToken* request,
    v1::PrivacyRequestInfo* response) {
  absl::StatusOr<PrivacyRequestView> view = requests_->Describe(request->token());
  if (view.ok()) ToProto(*view, response);
  return Reply("DescribePrivacyRequest", view.status());
}

grpc::Status PrivacyRequestServiceImpl::ConfirmPrivacyRequest(
    grpc::ServerContext*, const v1::PrivacyRequestToken* request,
    v1::PrivacyRequestInfo* response) {
  absl::StatusOr<PrivacyRequestView> view = requests_->Confirm(request->token());
  if (view.ok()) ToProto(*view, response);
  return Reply("ConfirmPrivacyRequest", view.status());
}

}  // namespace opinus::server::rpc
