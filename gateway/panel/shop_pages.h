// ShopPages: the owner's panel pages about shops: the list and adding one,
// the key ("komunikacja sklepu z Opinus (api)", and the previous one during
// its grace) with the settings, rotating the key and ending the grace,
// "Integracja Shoper" with the last webhook deliveries, invitations
// and opinions.
#ifndef OPINUS_GATEWAY_PANEL_SHOP_PAGES_H_
#define OPINUS_GATEWAY_PANEL_SHOP_PAGES_H_

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "client/client.h"
#include "gateway/http/http_reply.h"
#include "gateway/owner/owner_request.h"
#include "gateway/panel/panel_views.h"

namespace opinus::gateway {

// ShopPages answers each form with one core call and redirects to the page
// that shows the result; a page makes GetCurrentOwner (the CSRF token of its
// forms) and the call of what it shows. The core decides what the owner may
// see: another owner's shop is NOT_FOUND, shown as 404. Does not own `core`.
// Thread-safe.
class ShopPages {
 public:
  // `secure_cookies`: the cookies get the Secure attribute.
  ShopPages(opinus::client::Client* core, bool secure_cookies)
      : core_(core), secure_cookies_(secure_cookies) {}

  // set_public_url sets the base of the webhook URL the owner pastes into
  // Shoper, e.g. "https://opinus.pl" (the gateway knows its own port only
  // once it listens).
  void set_public_url(std::string url) ABSL_LOCKS_EXCLUDED(mutex_);

  // GET /panel: the owner's shops and the form to add one;
  // POST /panel/shops adds one.
  HttpReply ShowShops(const OwnerRequest& request);
  HttpReply CreateShop(const OwnerRequest& request);

  // GET /panel/shops/{shop}/dashboard: "Podsumowanie", the shop's figures
  // (DashboardPage).
  HttpReply ShowDashboard(const OwnerRequest& request, absl::string_view shop);

  // GET /panel/shops/{shop}/backfill: "Zaproś klientów z ostatnich N dni",
  // with ?days=N the count of the orders and the confirming form, and the
  // latest backfill's progress (BackfillPage); POST starts one.
  HttpReply ShowBackfill(const OwnerRequest& request, absl::string_view shop);
  HttpReply StartBackfill(const OwnerRequest& request, absl::string_view shop);

  // GET /panel/shops/{shop}: the key (masked unless ?key=show) and the
  // settings form; POST /panel/shops/{shop}/settings saves it.
  HttpReply ShowShop(const OwnerRequest& request, absl::string_view shop);
  HttpReply SaveSettings(const OwnerRequest& request, absl::string_view shop);

  // GET /panel/shops/{shop}/rotate asks to confirm; POST rotates the key.
  HttpReply ShowRotate(const OwnerRequest& request, absl::string_view shop);
  HttpReply RotateKey(const OwnerRequest& request, absl::string_view shop);

  // POST /panel/shops/{shop}/end-key-grace stops the previous key at once.
  HttpReply EndKeyGrace(const OwnerRequest& request, absl::string_view shop);

  // GET /panel/shops/{shop}/shoper: "Integracja Shoper".
  HttpReply ShowShoper(const OwnerRequest& request, absl::string_view shop);

  // GET /panel/shops/{shop}/invitations?state=; POST
  // /panel/shops/{shop}/invitations/{invitation}/cancel and /resend.
  HttpReply ShowInvitations(const OwnerRequest& request, absl::string_view shop);
  HttpReply CancelInvitation(const OwnerRequest& request, absl::string_view shop,
                             absl::string_view invitation);
  HttpReply ResendInvitation(const OwnerRequest& request, absl::string_view shop,
                             absl::string_view invitation);

  // GET /panel/shops/{shop}/opinions; POST
  // /panel/shops/{shop}/opinions/{opinion}/reply.
  HttpReply ShowOpinions(const OwnerRequest& request, absl::string_view shop);
  HttpReply Reply(const OwnerRequest& request, absl::string_view shop, absl::string_view opinion);

 private:
  // ChangeInvitation runs `change` (a cancel or a resend) on `invitation`
  // and returns to the shop's invitations saying `done`; a refusal
  // (FAILED_PRECONDITION) is a page that says why.
  HttpReply ChangeInvitation(const OwnerRequest& request, absl::string_view shop,
                             absl::string_view invitation, absl::string_view done,
                             const std::function<absl::StatusOr<opinus::v1::Invitation>(
                                 int64_t, const opinus::client::CallContext&)>& change);

  // ShopPage renders the key and settings page of `shop` with the form's
  // `fields`, `errors` (slot -> message) and `notice`.
  HttpReply ShopPage(int status, const OwnerRequest& request, const opinus::v1::Shop& shop,
                     const std::map<std::string, std::string>& fields,
                     const std::map<std::string, std::string>& errors, absl::string_view csrf,
                     absl::string_view notice, std::string outcome);
  // ShopsPage renders the shops list, with its forms' CSRF token and the
  // owner's e-mail confirmation state from the core.
  HttpReply ShopsPage(int status, const OwnerRequest& request, absl::string_view name_error,
                      absl::string_view domain_error, std::string outcome);
  HttpReply Failed(const absl::Status& status, const OwnerRequest& request) const;
  // Refusal returns the reply that ends a shop page's request before any
  // core call: the log-in page when signed out; NOT_FOUND `missing` when one
  // of the path's `ids` is not an id.
  std::optional<HttpReply> Refusal(const OwnerRequest& request,
                                   std::initializer_list<std::optional<int64_t>> ids,
                                   absl::string_view missing) const;
  // OpenedShop is a shop's request once its prologue passed.
  struct OpenedShop {
    int64_t shop_id = 0;
    // Acts for the owner.
    opinus::client::CallContext call;
    // The token the page's forms carry; empty unless asked for.
    std::string csrf;
  };
  enum Csrf { kWithoutCsrf, kWithCsrf };
  // OpenShop runs the prologue of every handler of one shop: what Refusal
  // answers for `shop`, then, for a page with forms (kWithCsrf), the core's
  // CSRF token for them. Returns the reply that ends the request there, else
  // nullopt with `opened` filled.
  std::optional<HttpReply> OpenShop(const OwnerRequest& request, absl::string_view shop, Csrf csrf,
                                    OpenedShop* opened);
  // GetOpenedShop returns the opened shop as the core has it, read for its
  // owner.
  absl::StatusOr<v1::Shop> GetOpenedShop(const OpenedShop& opened);
  // ShopTimeZone returns the zone the shop's page writes times in (its
  // settings' time zone, see PanelTimeZone).
  absl::StatusOr<PageTimeZone> ShopTimeZone(const OpenedShop& opened);
  // CsrfToken returns the token the page's forms carry: the core's, for the
  // owner `call` acts for.
  absl::StatusOr<std::string> CsrfToken(const opinus::client::CallContext& call);

  opinus::client::Client* core_;
  bool secure_cookies_;
  std::string PublicUrl() const ABSL_LOCKS_EXCLUDED(mutex_);

  mutable absl::Mutex mutex_;
  std::string public_url_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_PANEL_SHOP_PAGES_H_
