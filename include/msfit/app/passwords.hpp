#pragma once

// Passwords and the other secrets of sign-in (session tokens, invite and join codes), through
// libsodium. Passwords are stored as argon2id hashes; tokens and codes as their BLAKE2b-256
// hash, so a copy of the database gives no way in. Thread-safe: at most one argon2id hash per
// core runs at once (each holds 64 MiB for its 0.1 s), whatever the number of calling threads.

#include <cstddef>
#include <string>
#include <string_view>

#include "msfit/core/result.hpp"

namespace msfit::app {

inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 1024;

// A new password is at least kMinPasswordLength characters; InvalidInput naming `field`
// otherwise.
[[nodiscard]] Status check_new_password(std::string_view password, std::string_view field);

// The argon2id hash of `password` as stored; StorageFailure when out of memory.
[[nodiscard]] Result<std::string> hash_password(std::string_view password);

// True when `password` matches `hash` (false for an empty hash).
[[nodiscard]] bool verify_password(std::string_view hash, std::string_view password);

// A hash of a random password, made once: what unknown names are checked against, so that
// they cost the same time as known ones.
[[nodiscard]] const std::string& dummy_password_hash();

// Hash of a secret (session token, invite or join code) as stored: BLAKE2b-256, hex.
[[nodiscard]] std::string secret_hash(std::string_view secret);

// Compares two secrets in a time that does not depend on where they differ.
[[nodiscard]] bool same_secret(std::string_view a, std::string_view b);

// `bytes` random bytes as lower-case hex.
[[nodiscard]] std::string random_hex(std::size_t bytes);

// A code a person can read out or type: groups of upper-case letters and digits without
// look-alikes (no 0/O, 1/I/L), e.g. "K7QX-M3TP-WR9D".
[[nodiscard]] std::string human_code(int groups);

// An invite or join code as typed by a person: case and spaces do not matter.
[[nodiscard]] std::string typed_code(std::string_view text);

}  // namespace msfit::app
