// Acting for a shop owner: the credential that the calls made on this thread
// carry as `x-opinus-owner` (and `x-opinus-csrf`) metadata, see
// proto/opinus/v1/account.proto.
#ifndef OPINUS_CLIENT_OWNER_CREDENTIAL_H_
#define OPINUS_CLIENT_OWNER_CREDENTIAL_H_

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

// CurrentOwnerCredential returns the credential set by the innermost
// ScopedOwnerCredential on this thread; nullptr when there is none (the call
// acts for nobody but the caller's role).
const OwnerCredential* CurrentOwnerCredential();

// ScopedOwnerCredential makes every call of opinus::client::Client made on
// this thread act for `credential` until it is destroyed, when the previous
// one comes back. The gateway sets it around the core calls of one panel or
// API request, as it sets the request id. Lives on the stack of its thread.
class ScopedOwnerCredential {
 public:
  explicit ScopedOwnerCredential(OwnerCredential credential);
  ~ScopedOwnerCredential();
  ScopedOwnerCredential(const ScopedOwnerCredential&) = delete;
  ScopedOwnerCredential& operator=(const ScopedOwnerCredential&) = delete;

 private:
  OwnerCredential credential_;
  const OwnerCredential* previous_;
};

}  // namespace opinus::client

#endif  // OPINUS_CLIENT_OWNER_CREDENTIAL_H_
