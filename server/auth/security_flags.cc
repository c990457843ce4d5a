#include "server/auth/security_flags.h"

#include <arpa/inet.h>

#include <cstring>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace opinus::server::auth {

bool IsLoopbackHost(absl::string_view host) {
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string text(host);
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  return inet_pton(AF_INET6, text.c_str(), &v6) == 1 &&
         std::memcmp(&v6, &in6addr_loopback, sizeof(v6)) == 0;
}

absl::string_view ListenHost(absl::string_view listen) {
  if (!listen.empty() && listen.front() == '[') {
    const size_t close = listen.find(']');
    return close == absl::string_view::npos ? listen : listen.substr(1, close - 1);
  }
  const size_t colon = listen.rfind(':');
  return colon == absl::string_view::npos ? listen : listen.substr(0, colon);
}

absl::Status CheckSecurityFlags(const SecurityFlags& flags) {
  const bool tls = !flags.tls_cert.empty() || !flags.tls_key.empty();
  if (tls && (flags.tls_cert.empty() || flags.tls_key.empty())) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together: give both or neither");
  }
  const bool loopback = IsLoopbackHost(ListenHost(flags.listen));
  if (flags.insecure_no_auth) {
    if (!flags.auth_tokens_file.empty()) {
      return absl::InvalidArgumentError(
          "--insecure-no-auth and --auth-tokens-file exclude each other: give one");
    }
    if (!loopback) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--insecure-no-auth serves anyone without a token, so only on a loopback address "
          "(127.0.0.0/8, ::1, localhost), not --listen ",
          flags.listen, "; give --auth-tokens-file instead"));
    }
    return absl::OkStatus();
  }
  if (flags.auth_tokens_file.empty()) {
    return absl::InvalidArgumentError(
        "--auth-tokens-file is required (one `ROLE TOKEN` a line); to run without "
        "authentication on loopback only, give --insecure-no-auth");
  }
  if (!loopback && !tls) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--listen ", flags.listen,
        " is not a loopback address: tokens would cross the network in clear; give --tls-cert "
        "and --tls-key, or listen on 127.0.0.1"));
  }
  return absl::OkStatus();
}

}  // namespace opinus::server::auth
