#include "gateway/panel/claim_page.h"

#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "gateway/panel/panel_messages.h"
#include "gateway/panel/panel_page.h"
#include "gateway/panel/panel_views.h"

namespace opinus::gateway {
namespace {

namespace v1 = ::opinus::v1;

// ReasonOf returns why `state` cannot attach the shop, and the HTTP status
// saying so: 409 when the shop is (now) someone's, 410 for a link gone.
std::pair<int, const char*> ReasonOf(v1::ClaimLinkState state, const PanelMessages& messages) {
  switch (state) {
    case v1::CLAIM_LINK_STATE_USED:
      return {409, messages.claim_used};
    case v1::CLAIM_LINK_STATE_OWNED:
      return {409, messages.claim_owned};
    case v1::CLAIM_LINK_STATE_EXPIRED:
      return {410, messages.claim_expired};
    default:
      return {404, messages.claim_unknown};
  }
}

}  // namespace

bool IsClaimToken(absl::string_view token) {
  if (token.empty() || token.size() > 64) return false;
  for (char c : token) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

HttpReply ClaimPage::Refused(const OwnerRequest& request, const absl::Status& status) {
  const PanelMessages& messages = MessagesFor(request.language);
  const bool signed_in = !request.session_token.empty();
  if (absl::IsNotFound(status) || absl::IsInvalidArgument(status)) {
    HttpReply reply =
        PanelPage(404, request.language, messages.claim_title, "refused",
                  {{"message", messages.claim_unknown}, {"back", "/panel"}}, signed_in, "unknown");
    reply.detail = std::string(status.message());
    return reply;
  }
  return PanelErrorPage(status, request.language, secure_cookies_);
}

HttpReply ClaimPage::Show(const OwnerRequest& request, absl::string_view token) {
  if (!IsClaimToken(token)) return Refused(request, absl::NotFoundError("claim link: malformed"));
  v1::ClaimLinkRequest describe;
  describe.set_token(std::string(token));
  absl::StatusOr<v1::ClaimLink> link =
      core_->DescribeClaimLink(describe, AnonymousCallContext(request));
  if (!link.ok()) return Refused(request, link.status());
  const PanelMessages& messages = MessagesFor(request.language);
  bool signed_in = !request.session_token.empty();
  if (link->state() != v1::CLAIM_LINK_STATE_VALID) {
    const auto [status, reason] = ReasonOf(link->state(), messages);
    return PanelPage(status, request.language, messages.claim_title, "refused",
                     {{"message", reason}, {"back", "/panel"}}, signed_in,
                     v1::ClaimLinkState_Name(link->state()));
  }
  const PageTimeZone zone = PanelTimeZone(kDefaultPanelTimeZone);
  std::map<std::string, std::string> values = {
      {"token", std::string(token)},
      {"shop_name", link->shop_name()},
      {"shop_url", link->shop_url()},
      {"expire_time", FormatDateTime(link->expire_time(), request.language, zone.zone)},
      {"time_zone", zone.name}};
  if (signed_in) {
    absl::StatusOr<v1::CurrentOwner> current =
        core_->GetCurrentOwner(v1::GetCurrentOwnerRequest(), OwnerCallContext(request));
    // A session that ended is as good as none: sign up or log in again.
    if (absl::IsUnauthenticated(current.status())) {
      signed_in = false;
    } else if (!current.ok()) {
      return PanelErrorPage(current.status(), request.language, secure_cookies_);
    } else {
      values.insert({{"csrf", current->csrf_token()}, {"email", current->owner().email()}});
    }
  }
  return PanelPage(200, request.language, messages.claim_title,
                   signed_in ? "claim_confirm" : "claim", values, signed_in, "ok");
}

HttpReply ClaimPage::Claim(const OwnerRequest& request, absl::string_view token) {
  if (!IsClaimToken(token)) return Refused(request, absl::NotFoundError("claim link: malformed"));
  if (request.session_token.empty()) {
    return Redirect(absl::StrCat("/panel/login?claim=", token), "signed_out");
  }
  v1::ClaimLinkRequest claim;
  claim.set_token(std::string(token));
  absl::StatusOr<v1::ClaimLink> claimed = core_->ClaimShop(claim, OwnerCallContext(request));
  if (claimed.ok()) return Redirect(absl::StrCat("/panel/shops/", claimed->shop_id()), "claimed");
  if (absl::IsFailedPrecondition(claimed.status()) || absl::IsAlreadyExists(claimed.status())) {
    // Used (perhaps by another owner a moment ago), expired or owned: the
    // link's page says which.
    HttpReply reply = Show(request, token);
    reply.outcome = "refused";
    reply.detail = std::string(claimed.status().message());
    return reply;
  }
  return Refused(request, claimed.status());
}

}  // namespace opinus::gateway
