#include "server/dispatch/dkim_signer.h"

// dkim.h is C: it spells bool as C's _Bool (the same type to the ABI).
#define _Bool bool
#include <opendkim/dkim.h>
#undef _Bool

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace opinus::server {
namespace {

using Bytes = unsigned char*;

Bytes Mutable(absl::string_view text) {
  return reinterpret_cast<Bytes>(const_cast<char*>(text.data()));
}

// Fields splits a message's head into its header fields, each with its
// continuation lines and without the final CRLF, as dkim_header takes them.
std::vector<absl::string_view> Fields(absl::string_view head) {
  std::vector<absl::string_view> fields;
  for (absl::string_view line : absl::StrSplit(head, "\r\n")) {
    const bool continues = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if (continues && !fields.empty()) {
      absl::string_view& last = fields.back();
      last = absl::string_view(last.data(), line.data() + line.size() - last.data());
    } else {
      fields.push_back(line);
    }
  }
  return fields;
}

}  // namespace

// The library handle, with the signed header list set once.
struct DkimSigner::Library {
  DKIM_LIB* handle = nullptr;
  ~Library() {
    if (handle != nullptr) dkim_close(handle);
  }
};

DkimSigner::DkimSigner(std::string domain, std::string selector, std::string key,
                       std::unique_ptr<Library> library)
    : domain_(std::move(domain)),
      selector_(std::move(selector)),
      key_(std::move(key)),
      library_(std::move(library)) {}

DkimSigner::~DkimSigner() = default;

absl::StatusOr<std::unique_ptr<DkimSigner>> DkimSigner::Create(std::string domain,
                                                               std::string selector,
                                                               std::string private_key_pem) {
  if (domain.empty() || selector.empty()) {
    return absl::InvalidArgumentError("DKIM: a domain and a selector are both needed");
  }
  auto library = std::make_unique<Library>();
  library->handle = dkim_init(nullptr, nullptr);
  if (library->handle == nullptr) return absl::InternalError("DKIM: libopendkim did not start");
  // A NULL-terminated list, as the library wants it.
  std::vector<const char*> headers(std::begin(kDkimSignedHeaders), std::end(kDkimSignedHeaders));
  headers.push_back(nullptr);
  if (dkim_options(library->handle, DKIM_OP_SETOPT, DKIM_OPTS_SIGNHDRS, headers.data(),
                   sizeof(const char**)) != DKIM_STAT_OK) {
    return absl::InternalError("DKIM: cannot set the signed headers");
  }
  std::unique_ptr<DkimSigner> signer(new DkimSigner(
      std::move(domain), std::move(selector), std::move(private_key_pem), std::move(library)));
  MailMessage test;
  test.data = "From: test@example.com\r\nSubject: key check\r\n\r\nkey check\r\n";
  absl::StatusOr<MailMessage> signed_test = signer->Sign(test);
  if (!signed_test.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("DKIM: the key cannot sign: ", signed_test.status().message()));
  }
  return signer;
}

absl::StatusOr<MailMessage> DkimSigner::Sign(const MailMessage& message) const {
  const size_t split = message.data.find("\r\n\r\n");
  if (split == std::string::npos) {
    return absl::InvalidArgumentError("DKIM: a message without a blank line after its headers");
  }
  const absl::string_view head = absl::string_view(message.data).substr(0, split);
  const absl::string_view body = absl::string_view(message.data).substr(split + 4);
  DKIM_STAT status = DKIM_STAT_OK;
  // dkim_sign copies nothing it is given but the key's bytes are read at
  // dkim_eom: the strings outlive the handle.
  DKIM* dkim =
      dkim_sign(library_->handle, reinterpret_cast<const unsigned char*>("opinus"), nullptr,
                Mutable(key_), reinterpret_cast<const unsigned char*>(selector_.c_str()),
                reinterpret_cast<const unsigned char*>(domain_.c_str()), DKIM_CANON_RELAXED,
                DKIM_CANON_RELAXED, DKIM_SIGN_RSASHA256, -1, &status);
  if (dkim == nullptr) return absl::InternalError(absl::StrCat("DKIM: dkim_sign: ", status));
  const std::unique_ptr<DKIM, DKIM_STAT (*)(DKIM*)> handle(dkim, dkim_free);
  for (absl::string_view field : Fields(head)) {
    if (dkim_header(dkim, Mutable(field), field.size()) != DKIM_STAT_OK) {
      return absl::InternalError(absl::StrCat("DKIM: a header: ", dkim_geterror(dkim)));
    }
  }
  if (dkim_eoh(dkim) != DKIM_STAT_OK ||
      dkim_body(dkim, Mutable(body), body.size()) != DKIM_STAT_OK ||
      dkim_eom(dkim, nullptr) != DKIM_STAT_OK) {
    const char* error = dkim_geterror(dkim);
    return absl::InternalError(absl::StrCat("DKIM: ", error != nullptr ? error : "no signature"));
  }
  constexpr absl::string_view kName = "DKIM-Signature: ";
  unsigned char* value = nullptr;
  size_t length = 0;
  if (dkim_getsighdr_d(dkim, kName.size(), &value, &length) != DKIM_STAT_OK) {
    return absl::InternalError("DKIM: no signature header");
  }
  MailMessage signed_message = message;
  // On the wire every line ends in CRLF, also where the library folds.
  const std::string header =
      absl::StrCat(kName, absl::string_view(reinterpret_cast<char*>(value), length));
  std::string folded;
  for (char c : header) {
    if (c == '\n' && (folded.empty() || folded.back() != '\r')) folded += '\r';
    folded += c;
  }
  signed_message.data = absl::StrCat(folded, "\r\n", message.data);
  return signed_message;
}

absl::Status DkimSigningMailer::Send(const MailMessage& message) {
  absl::StatusOr<MailMessage> signed_message = signer_->Sign(message);
  if (!signed_message.ok()) return signed_message.status();
  return next_->Send(*signed_message);
}

}  // namespace opinus::server
