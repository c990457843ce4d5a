// CallContext: what one call of opinus::client::Client carries besides its
// request: the id of the request it serves and whom it acts for, sent as
// `x-request-id`, `x-opinus-owner` and `x-opinus-csrf` metadata (see
// proto/opinus/v1/account.proto).
#ifndef OPINUS_CLIENT_CALL_CONTEXT_H_
#define OPINUS_CLIENT_CALL_CONTEXT_H_

#include <optional>
#include <string>

namespace opinus::client {

// OwnerCredential is whom a call acts for: a session token (with the
// session's CSRF token for calls that change something) or a personal access
// token (no CSRF token).
struct OwnerCredential {
  std::string token;
  // Empty for reads and for personal access tokens.
  std::string csrf_token;
};

// CallContext is passed to each call explicitly; the default one (the CLI's)
// carries nothing. A value type: copy it freely.
struct CallContext {
  // The id of the request the call serves (the gateway's), so that the
  // core's log lines carry it too; empty: none.
  std::string request_id;
  // Whom the call acts for; nullopt: nobody but the caller's role.
  std::optional<OwnerCredential> owner;
};

}  // namespace opinus::client

#endif  // OPINUS_CLIENT_CALL_CONTEXT_H_
