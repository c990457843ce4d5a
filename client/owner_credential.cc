#include "client/owner_credential.h"

#include <utility>

namespace opinus::client {
namespace {

thread_local const OwnerCredential* current_credential = nullptr;

}  // namespace

const OwnerCredential* CurrentOwnerCredential() { return current_credential; }

ScopedOwnerCredential::ScopedOwnerCredential(OwnerCredential credential)
    : credential_(std::move(credential)), previous_(current_credential) {
  current_credential = &credential_;
}

ScopedOwnerCredential::~ScopedOwnerCredential() { current_credential = previous_; }

}  // namespace opinus::client
