#include "gateway/api/owner_api.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "gateway/api/api_json.h"
#include "gateway/http/form_body.h"
#include "gateway/http/json_body.h"
#include "gateway/owner/session_cookie.h"
#include "google/protobuf/util/time_util.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;
using ::opinus::client::CallContext;

// ParseId returns the positive id of a path segment; nullopt for anything
// else, which is answered like an id that does not exist.
std::optional<int64_t> ParseId(absl::string_view text) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(text, &id) || id <= 0) return std::nullopt;
  return id;
}

HttpReply NotFound() { return ErrorJsonReply(404, "not found", "not_found"); }

HttpReply Unauthenticated() {
  return ErrorJsonReply(401, "unauthenticated: log in or send Authorization: Bearer <token>",
                        "no_credential");
}

// Answer turns the outcome of one core call into the reply.
template <typename Response>
HttpReply Answer(const absl::StatusOr<Response>& response, std::string outcome) {
  if (!response.ok()) return ApiErrorReply(response.status());
  return MessageReply(*response, std::move(outcome));
}

// ForOwner runs `call` (one core call, given its context) for the owner of
// `request`; 401 when the request carries no credential at all.
template <typename Call>
HttpReply ForOwner(const OwnerRequest& request, std::string outcome, Call call) {
  const CallContext owner = OwnerCallContext(request);
  if (owner.owner->token.empty()) return Unauthenticated();
  return Answer(call(owner), std::move(outcome));
}

// Parsed reads the JSON body of `request` into a message of type Request;
// the 400 reply when it does not parse.
template <typename Request>
absl::StatusOr<Request> Parsed(const OwnerRequest& request) {
  Request message;
  if (absl::Status parsed = ParseJsonBody(request.body, &message); !parsed.ok()) return parsed;
  return message;
}

// PageSize returns the page_size parameter; 0 (the core's default) when
// absent or not a number, which the core then bounds.
int32_t PageSize(const OwnerRequest& request) {
  int32_t size = 0;
  return absl::SimpleAtoi(FieldValue(request.query, "page_size"), &size) ? size : 0;
}

}  // namespace

HttpReply OwnerApi::SessionReply(const v1::Session& session, std::string outcome) {
  v1::CurrentOwner current;
  *current.mutable_owner() = session.owner();
  current.set_csrf_token(session.csrf_token());
  *current.mutable_expire_time() = session.expire_time();
  HttpReply reply = MessageReply(current, std::move(outcome));
  reply.set_cookie =
      SessionCookie(session.session_token(), absl::FromUnixSeconds(session.expire_time().seconds()),
                    absl::Now(), secure_cookies_);
  return reply;
}

HttpReply OwnerApi::SignUp(const OwnerRequest& request) {
  absl::StatusOr<v1::SignUpRequest> sign_up = Parsed<v1::SignUpRequest>(request);
  if (!sign_up.ok()) return ApiErrorReply(sign_up.status());
  sign_up->set_client_address(request.client_address);
  absl::StatusOr<v1::Session> session = core_->SignUp(*sign_up, AnonymousCallContext(request));
  if (absl::IsAlreadyExists(session.status())) {
    return JsonReply(409,
                     R"({"error":"email: an account with this e-mail exists","field":"email"})",
                     "email_taken");
  }
  if (!session.ok()) return ApiErrorReply(session.status());
  return SessionReply(*session, "signed_up");
}

HttpReply OwnerApi::LogIn(const OwnerRequest& request) {
  absl::StatusOr<v1::LogInRequest> log_in = Parsed<v1::LogInRequest>(request);
  if (!log_in.ok()) return ApiErrorReply(log_in.status());
  log_in->set_client_address(request.client_address);
  absl::StatusOr<v1::Session> session = core_->LogIn(*log_in, AnonymousCallContext(request));
  if (!session.ok()) return ApiErrorReply(session.status());
  return SessionReply(*session, "logged_in");
}

HttpReply OwnerApi::LogOut(const OwnerRequest& request) {
  if (request.session_token.empty()) return Unauthenticated();
  absl::Status status = core_->LogOut(v1::LogOutRequest(), OwnerCallContext(request));
  if (!status.ok()) return ApiErrorReply(status);
  HttpReply reply = JsonReply(200, "{}", "logged_out");
  reply.set_cookie = ClearedSessionCookie(secure_cookies_);
  return reply;
}

HttpReply OwnerApi::GetSession(const OwnerRequest& request) {
  return ForOwner(request, "ok", [&](const CallContext& owner) {
    return core_->GetCurrentOwner(v1::GetCurrentOwnerRequest(), owner);
  });
}

HttpReply OwnerApi::ListAccessTokens(const OwnerRequest& request) {
  return ForOwner(request, "ok", [&](const CallContext& owner) {
    return core_->ListAccessTokens(v1::ListAccessTokensRequest(), owner);
  });
}

HttpReply OwnerApi::CreateAccessToken(const OwnerRequest& request) {
  absl::StatusOr<v1::CreateAccessTokenRequest> create =
      Parsed<v1::CreateAccessTokenRequest>(request);
  if (!create.ok()) return ApiErrorReply(create.status());
  return ForOwner(request, "token_created", [&](const CallContext& owner) {
    return core_->CreateAccessToken(*create, owner);
  });
}

HttpReply OwnerApi::RevokeAccessToken(const OwnerRequest& request, absl::string_view token_id) {
  const std::optional<int64_t> id = ParseId(token_id);
  if (!id.has_value()) return NotFound();
  v1::RevokeAccessTokenRequest revoke;
  revoke.set_token_id(*id);
  return ForOwner(request, "token_revoked",
                  [&](const CallContext& owner) -> absl::StatusOr<v1::RevokeAccessTokenResponse> {
                    absl::Status status = core_->RevokeAccessToken(revoke, owner);
                    if (!status.ok()) return status;
                    return v1::RevokeAccessTokenResponse();
                  });
}

HttpReply OwnerApi::ListShops(const OwnerRequest& request) {
  v1::ListShopsRequest list;
  list.set_page_size(PageSize(request));
  list.set_page_token(FieldValue(request.query, "page_token"));
  return ForOwner(request, "ok",
                  [&](const CallContext& owner) { return core_->ListShops(list, owner); });
}

HttpReply OwnerApi::CreateShop(const OwnerRequest& request) {
  absl::StatusOr<v1::CreateShopRequest> create = Parsed<v1::CreateShopRequest>(request);
  if (!create.ok()) return ApiErrorReply(create.status());
  return ForOwner(request, "shop_created",
                  [&](const CallContext& owner) { return core_->CreateShop(*create, owner); });
}

HttpReply OwnerApi::GetShop(const OwnerRequest& request, absl::string_view shop) {
  const std::optional<int64_t> id = ParseId(shop);
  if (!id.has_value()) return NotFound();
  v1::GetShopRequest get;
  get.set_shop_id(*id);
  return ForOwner(request, "ok",
                  [&](const CallContext& owner) { return core_->GetShop(get, owner); });
}

HttpReply OwnerApi::RotateShopKey(const OwnerRequest& request, absl::string_view shop) {
  const std::optional<int64_t> id = ParseId(shop);
  if (!id.has_value()) return NotFound();
  v1::RotateShopKeyRequest rotate;
  rotate.set_shop_id(*id);
  return ForOwner(request, "key_rotated",
                  [&](const CallContext& owner) { return core_->RotateShopKey(rotate, owner); });
}

HttpReply OwnerApi::EndKeyRotationGrace(const OwnerRequest& request, absl::string_view shop) {
  const std::optional<int64_t> id = ParseId(shop);
  if (!id.has_value()) return NotFound();
  v1::EndKeyRotationGraceRequest end;
  end.set_shop_id(*id);
  return ForOwner(request, "key_grace_ended",
                  [&](const CallContext& owner) { return core_->EndKeyRotationGrace(end, owner); });
}

HttpReply OwnerApi::GetSettings(const OwnerRequest& request, absl::string_view shop) {
  const std::optional<int64_t> id = ParseId(shop);
  if (!id.has_value()) return NotFound();
  v1::GetShopSettingsRequest get;
  get.set_shop_id(*id);
  return ForOwner(request, "ok",
                  [&](const CallContext& owner) { return core_->GetShopSettings(get, owner); });
}

HttpReply OwnerApi::UpdateSettings(const OwnerRequest& request, absl::string_view shop) {
  const std::optional<int64_t> id = ParseId(shop);
  if (!id.has_value()) return NotFound();
  v1::UpdateShopSettingsRequest update;
  update.set_shop_id(*id);
  if (absl::Status parsed = ParseJsonBody(request.body, update.mutable_settings()); !parsed.ok()) {
    return ApiErrorReply(parsed);
  }
  absl::StatusOr<google::protobuf::FieldMask> mask = FieldMaskOf(request.body, update.settings());
  if (!mask.ok()) return ApiErrorReply(mask.status());
  // An empty mask would mean "all fields" to the core: a PATCH of nothing
  // changes nothing instead.
  if (mask->paths().empty()) {
    return ErrorJsonReply(400, "body: name at least one setting to change", "invalid");
  }
  *update.mutable_update_mask() = *std::move(mask);
  return ForOwner(request, "settings_saved", [&](const CallContext& owner) {
    return core_->UpdateShopSettings(update, owner);
  });
}

HttpReply OwnerApi::ListOrderEvents(const OwnerRequest& request, absl::string_view shop) {
  const std::optional<int64_t> id = ParseId(shop);
  if (!id.has_value()) return NotFound();
  v1::ListOrderEventsRequest list;
  list.set_shop_id(*id);
  list.set_page_size(PageSize(request));
  list.set_page_token(FieldValue(request.query, "page_token"));
  return ForOwner(request, "ok",
                  [&](const CallContext& owner) { return core_->ListOrderEvents(list, owner); });
}

HttpReply OwnerApi::ListInvitations(const OwnerRequest& request, absl::string_view shop) {
  const std::optional<int64_t> id = ParseId(shop);
  if (!id.has_value()) return NotFound();
  v1::ListInvitationsRequest list;
  list.set_shop_id(*id);
  list.set_page_size(PageSize(request));
  list.set_page_token(FieldValue(request.query, "page_token"));
  if (const std::string state = FieldValue(request.query, "state"); !state.empty()) {
    v1::InvitationState value;
    if (!v1::InvitationState_Parse(state, &value)) {
      return JsonReply(
          400,
          R"({"error":"state: an InvitationState, e.g. INVITATION_STATE_SCHEDULED","field":"state"})",
          "invalid");
    }
    list.set_state(value);
  }
  return ForOwner(request, "ok",
                  [&](const CallContext& owner) { return core_->ListInvitations(list, owner); });
}

HttpReply OwnerApi::CancelInvitation(const OwnerRequest& request, absl::string_view invitation) {
  const std::optional<int64_t> id = ParseId(invitation);
  if (!id.has_value()) return NotFound();
  absl::StatusOr<v1::CancelInvitationRequest> cancel = Parsed<v1::CancelInvitationRequest>(request);
  if (!cancel.ok()) return ApiErrorReply(cancel.status());
  cancel->set_invitation_id(*id);
  return ForOwner(request, "cancelled", [&](const CallContext& owner) {
    return core_->CancelInvitation(*cancel, owner);
  });
}

HttpReply OwnerApi::ResendInvitation(const OwnerRequest& request, absl::string_view invitation) {
  const std::optional<int64_t> id = ParseId(invitation);
  if (!id.has_value()) return NotFound();
  absl::StatusOr<v1::ResendInvitationRequest> resend = Parsed<v1::ResendInvitationRequest>(request);
  if (!resend.ok()) return ApiErrorReply(resend.status());
  resend->set_invitation_id(*id);
  return ForOwner(request, "resent", [&](const CallContext& owner) {
    return core_->ResendInvitation(*resend, owner);
  });
}

HttpReply OwnerApi::ReplyToOpinion(const OwnerRequest& request, absl::string_view shop,
                                   absl::string_view opinion) {
  const std::optional<int64_t> shop_id = ParseId(shop);
  const std::optional<int64_t> opinion_id = ParseId(opinion);
  if (!shop_id.has_value() || !opinion_id.has_value()) return NotFound();
  absl::StatusOr<v1::ReplyToOpinionRequest> reply = Parsed<v1::ReplyToOpinionRequest>(request);
  if (!reply.ok()) return ApiErrorReply(reply.status());
  reply->set_shop_id(*shop_id);
  reply->set_opinion_id(*opinion_id);
  return ForOwner(request, "replied",
                  [&](const CallContext& owner) { return core_->ReplyToOpinion(*reply, owner); });
}

}  // namespace opinus::gateway
