#include "server/auth/server_credentials.h"

#include <utility>
#include <vector>

#include "common/file_contents.h"
#include "common/status_macros.h"
#include "server/auth/token_auth_processor.h"
#include "server/auth/token_file.h"

namespace opinus::server::auth {
namespace {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> TlsCredentials(
    const SecurityFlags& flags) {
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  OPINUS_ASSIGN_OR_RETURN(pair.private_key, ReadFileContents(flags.tls_key));
  OPINUS_ASSIGN_OR_RETURN(pair.cert_chain, ReadFileContents(flags.tls_cert));
  // Callers prove who they are with tokens, not client certificates.
  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(options);
}

}  // namespace

absl::StatusOr<ServerSecurity> MakeServerCredentials(const SecurityFlags& flags) {
  OPINUS_RETURN_IF_ERROR(CheckSecurityFlags(flags));
  ServerSecurity security;
  const bool tls = !flags.tls_cert.empty();
  security.transport = tls ? "tls" : "plaintext";
  security.auth = flags.auth_tokens_file.empty() ? "none" : "tokens";
  if (tls) {
    OPINUS_ASSIGN_OR_RETURN(security.credentials, TlsCredentials(flags));
  } else if (!flags.auth_tokens_file.empty()) {
    // Insecure credentials would ignore the processor; local TCP carries the
    // same plaintext bytes and runs it (and admits loopback peers only).
    security.credentials = grpc::experimental::LocalServerCredentials(LOCAL_TCP);
  } else {
    security.credentials = grpc::InsecureServerCredentials();
  }
  if (!flags.auth_tokens_file.empty()) {
    OPINUS_ASSIGN_OR_RETURN(std::vector<TokenEntry> tokens, ReadTokenFile(flags.auth_tokens_file));
    security.authorizer = std::make_shared<const Authorizer>(std::move(tokens));
    security.credentials->SetAuthMetadataProcessor(
        std::make_shared<TokenAuthProcessor>(security.authorizer));
  }
  return security;
}

}  // namespace opinus::server::auth
