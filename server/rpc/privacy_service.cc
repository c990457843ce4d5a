#include "server/rpc/privacy_service.h"

#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

grpc::Status PrivacyServiceImpl::ExportPersonalData(grpc::ServerContext*,
                                                    const v1::ExportPersonalDataRequest* request,
                                                    v1::PersonalData* response) {
  absl::StatusOr<PersonalData> data = privacy_->Export(request->email());
  if (data.ok()) ToProto(*data, response);
  return Reply("ExportPersonalData", data.status());
}

grpc::Status PrivacyServiceImpl::ErasePersonalData(grpc::ServerContext*,
                                                   const v1::ErasePersonalDataRequest* request,
                                                   v1::Erasure* response) {
  absl::StatusOr<Erasure> erasure = privacy_->Erase(request->email(), request->reason());
  if (erasure.ok()) ToProto(*erasure, response);
  return Reply("ErasePersonalData", erasure.status());
}

grpc::Status PrivacyServiceImpl::Purge(grpc::ServerContext*, const v1::PurgeRequest*,
                                       v1::PurgeResponse* response) {
  absl::StatusOr<Purged> purged = privacy_->Purge();
  if (purged.ok()) {
    response->set_invitations(purged->invitations);
    response->set_events(purged->events);
    response->set_mail_feedback(purged->mail_feedback);
    response->set_owners(purged->owners);
  }
  return Reply("Purge", purged.status());
}

}  // namespace opinus::server::rpc
