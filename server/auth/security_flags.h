// The core's flags on authentication and transport security, and the rules on
// combining them with the listen address.
#ifndef OPINUS_SERVER_AUTH_SECURITY_FLAGS_H_
#define OPINUS_SERVER_AUTH_SECURITY_FLAGS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace opinus::server::auth {

// SecurityFlags are the flags of opinus-server that decide who may call it
// and how its port is protected.
struct SecurityFlags {
  // --listen, "host:port" or "[v6 host]:port".
  std::string listen;
  // --auth-tokens-file; empty: none.
  std::string auth_tokens_file;
  // --insecure-no-auth: serve every caller without a token.
  bool insecure_no_auth = false;
  // --tls-cert and --tls-key, PEM files; both empty: plaintext.
  std::string tls_cert;
  std::string tls_key;
};

// IsLoopbackHost returns whether `host` is only reachable from this machine:
// an address in 127.0.0.0/8, ::1 (bracketed or not), or "localhost".
bool IsLoopbackHost(absl::string_view host);

// ListenHost returns the host part of a listen address ("[::1]:80" -> "::1").
absl::string_view ListenHost(absl::string_view listen);

// CheckSecurityFlags returns OK for a combination the core may run with, else
// INVALID_ARGUMENT with one line saying what to change: tokens are required
// unless --insecure-no-auth is given and the address is loopback; tokens
// leave loopback only over TLS; --tls-cert and --tls-key go together.
[[nodiscard]] absl::Status CheckSecurityFlags(const SecurityFlags& flags);

}  // namespace opinus::server::auth

#endif  // OPINUS_SERVER_AUTH_SECURITY_FLAGS_H_
