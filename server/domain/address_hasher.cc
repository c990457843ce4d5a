#include "server/domain/address_hasher.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/file_contents.h"
#include "server/domain/digest.h"
#include "server/domain/validation.h"

namespace opinus::server {

absl::StatusOr<AddressHasher> AddressHasher::FromKey(absl::string_view key) {
  if (key.size() < kMinPrivacyKeyLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("the privacy key is shorter than ", kMinPrivacyKeyLength,
                     " bytes (make one with `openssl rand -hex 32`)"));
  }
  return AddressHasher(std::string(key));
}

absl::StatusOr<AddressHasher> AddressHasher::FromKeyFile(const std::string& path) {
  absl::StatusOr<std::string> contents = ReadFileContents(path);
  if (!contents.ok()) return contents.status();
  absl::StatusOr<AddressHasher> hasher = FromKey(absl::StripAsciiWhitespace(*contents));
  if (!hasher.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", hasher.status().message()));
  }
  return hasher;
}

std::string AddressHasher::Hash(absl::string_view email) const {
  return HmacSha256(key_, NormalizeEmail(email));
}

}  // namespace opinus::server
