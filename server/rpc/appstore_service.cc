#include "server/rpc/appstore_service.h"

#include <map>
#include <string>

#include "server/rpc/conversions.h"
#include "server/rpc/reply.h"

namespace opinus::server::rpc {

namespace v1 = ::opinus::v1;

namespace {

v1::ClaimLinkState StateToProto(ClaimLinkState state) {
  switch (state) {
    case ClaimLinkState::kValid:
      return v1::CLAIM_LINK_STATE_VALID;
    case ClaimLinkState::kUsed:
      return v1::CLAIM_LINK_STATE_USED;
    case ClaimLinkState::kExpired:
      return v1::CLAIM_LINK_STATE_EXPIRED;
    case ClaimLinkState::kOwned:
      return v1::CLAIM_LINK_STATE_OWNED;
  }
  return v1::CLAIM_LINK_STATE_UNSPECIFIED;
}

void LinkToProto(const ClaimLinkView& link, v1::ClaimLink* proto) {
  proto->set_state(StateToProto(link.state));
  proto->set_shop_id(link.shop_id);
  proto->set_shop_name(link.shop_name);
  proto->set_shop_url(link.shop_url);
  ToProto(link.expire_time, proto->mutable_expire_time());
}

}  // namespace

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

grpc::Status AppStoreServiceImpl::GetAdminPage(grpc::ServerContext*,
                                               const v1::AdminPageRequest* request,
                                               v1::AdminPage* response) {
  const std::map<std::string, std::string> query(request->query().begin(), request->query().end());
  absl::StatusOr<AdminPageAnswer> page = claims_->ShowAdminPage(query);
  if (page.ok()) {
    const AppInstallation& installation = page->view.installation;
    response->set_connection(ToProto(installation.connection));
    response->set_connect_error(installation.connect_error);
    response->set_shop_url(installation.shop_url);
    response->set_installed(installation.installed);
    response->set_shop_id(installation.shop_id);
    response->set_shop_name(page->view.shop_name);
    response->set_owned(page->view.owner_id != 0);
    response->set_locale(page->locale);
    if (!page->claim_token.empty()) {
      response->set_claim_token(page->claim_token);
      ToProto(page->claim_expire_time, response->mutable_claim_expire_time());
    }
  }
  return Reply("GetAdminPage", page.status());
}

grpc::Status AppStoreServiceImpl::DescribeClaimLink(grpc::ServerContext*,
                                                    const v1::ClaimLinkRequest* request,
                                                    v1::ClaimLink* response) {
  absl::StatusOr<ClaimLinkView> link = claims_->DescribeLink(request->token());
  if (link.ok()) LinkToProto(*link, response);
  return Reply("DescribeClaimLink", link.status());
}

grpc::Status AppStoreServiceImpl::ClaimShop(grpc::ServerContext* context,
                                            const v1::ClaimLinkRequest* request,
                                            v1::ClaimLink* response) {
  absl::StatusOr<ClaimLinkView> link = [&]() -> absl::StatusOr<ClaimLinkView> {
    absl::StatusOr<ActingOwner> owner = owners_->RequireOwner(*context, /*changes=*/true);
    if (!owner.ok()) return owner.status();
    return claims_->Claim(request->token(), owner->owner);
  }();
  if (link.ok()) LinkToProto(*link, response);
  return Reply("ClaimShop", link.status());
}

}  // namespace opinus::server::rpc
