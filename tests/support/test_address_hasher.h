// The privacy key of the tests, and the AddressHasher under it, so that a
// test can look up what a server started with that key stored.
#ifndef OPINUS_TESTS_SUPPORT_TEST_ADDRESS_HASHER_H_
#define OPINUS_TESTS_SUPPORT_TEST_ADDRESS_HASHER_H_

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/string_view.h"
#include "server/domain/address_hasher.h"

namespace opinus::testing {

// The key of every test server (written to its --privacy_key_file) and store.
inline constexpr char kTestPrivacyKey[] = "opinus-tests-only-privacy-key-0123456789abcdef";

// TestAddressHasher returns the hasher under kTestPrivacyKey.
inline const server::AddressHasher& TestAddressHasher() {
  static const auto* const kHasher =
      new server::AddressHasher(*server::AddressHasher::FromKey(kTestPrivacyKey));
  return *kHasher;
}

// TestEmailHashHex returns the hash of `email` in lower-case hex, as SQL's
// UNHEX() and the proto's email_hash take it.
inline std::string TestEmailHashHex(absl::string_view email) {
  return absl::BytesToHexString(TestAddressHasher().Hash(email));
}

}  // namespace opinus::testing

#endif  // OPINUS_TESTS_SUPPORT_TEST_ADDRESS_HASHER_H_
