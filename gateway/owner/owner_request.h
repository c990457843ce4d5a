// OwnerRequest: what the gateway takes from an HTTP request of the owner's
// panel or of the /v1 API, before it calls the core for the owner.
#ifndef OPINUS_GATEWAY_OWNER_OWNER_REQUEST_H_
#define OPINUS_GATEWAY_OWNER_OWNER_REQUEST_H_

#include <map>
#include <optional>
#include <string>

#include "client/call_context.h"

namespace opinus::gateway {

// OwnerRequest is one request of a shop owner, already read from HTTP.
struct OwnerRequest {
  // The id the gateway gave the request, passed on to the core with each call.
  std::string request_id;
  // The token of the session cookie; empty when none.
  std::string session_token;
  // The personal access token of `Authorization: Bearer` (API only); empty when none.
  std::string access_token;
  // The CSRF token the request carries: the form's `csrf` field or the
  // X-CSRF-Token header; empty when none.
  std::string csrf_token;
  // The client's address, for the core's login rate limits.
  std::string client_address;
  // "pl" or "en": the panel's language.
  std::string language = "pl";
  // The query parameters.
  std::map<std::string, std::string> query;
  // The request body as received (the API's JSON).
  std::string body;
  // The fields of a panel form (application/x-www-form-urlencoded).
  std::map<std::string, std::string> form;
};

// OwnerCallContext returns the context of the core calls made for the owner
// of `request`: its personal access token when it has one (no CSRF token
// needed), else its session token with its CSRF token.
inline opinus::client::CallContext OwnerCallContext(const OwnerRequest& request) {
  if (!request.access_token.empty()) {
    return {request.request_id, opinus::client::OwnerCredential{request.access_token, ""}};
  }
  return {request.request_id,
          opinus::client::OwnerCredential{request.session_token, request.csrf_token}};
}

// AnonymousCallContext returns the context of the calls of `request` made
// before anyone is signed in (signing up, logging in): the request id only.
inline opinus::client::CallContext AnonymousCallContext(const OwnerRequest& request) {
  return {request.request_id, std::nullopt};
}

}  // namespace opinus::gateway

#endif  // OPINUS_GATEWAY_OWNER_OWNER_REQUEST_H_
