#include "server/rpc/appstore_service.h"

#include <map>
#include <string>

#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

grpc::Status AppStoreServiceImpl::RecordCallback(grpc::ServerContext*,
                                                 const v1::AppStoreCallbackRequest* request,
                                                 v1::AppInstallation* response) {
  const std::map<std::string, std::string> fields(request->fields().begin(),
                                                  request->fields().end());
  absl::StatusOr<AppInstallation> installation = appstore_->HandleCallback(fields);
  if (installation.ok()) ToProto(*installation, response);
  return Reply("RecordCallback", installation.status());
}

grpc::Status AppStoreServiceImpl::ListInstallations(grpc::ServerContext*,
                                                    const v1::ListInstallationsRequest*,
                                                    v1::ListInstallationsResponse* response) {
  absl::StatusOr<std::vector<AppInstallation>> installations = appstore_->ListInstallations();
  if (installations.ok()) {
    for (const AppInstallation& installation : *installations) {
      ToProto(installation, response->add_installations());
    }
  }
  return Reply("ListInstallations", installations.status());
}

}  // namespace opinus::server::rpc
