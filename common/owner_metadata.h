// The one spelling of the gRPC metadata with which the gateway acts for a
// shop owner (see proto/opinus/v1/account.proto), shared by the core that
// checks it and the gateway that sends it.
#ifndef OPINUS_COMMON_OWNER_METADATA_H_
#define OPINUS_COMMON_OWNER_METADATA_H_

namespace opinus {

// The owner's session token or personal access token.
inline constexpr char kOwnerCredentialKey[] = "x-opinus-owner";

// The session's CSRF token, on every call that changes something.
inline constexpr char kOwnerCsrfKey[] = "x-opinus-csrf";

}  // namespace opinus

#endif  // OPINUS_COMMON_OWNER_METADATA_H_
