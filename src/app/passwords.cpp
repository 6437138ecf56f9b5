#include "msfit/app/passwords.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <semaphore>
#include <stdexcept>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <sodium.h>

namespace msfit::app {

namespace {

// sodium_init() is safe to call more than once and from several threads; this makes sure it
// ran before the first secret is made, whichever adapter asks first.
void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) {
    throw std::runtime_error("libsodium could not be initialised");
  }
}

// argon2id holds 64 MiB for its 0.1 s: no more hashes at once than cores, whatever the number
// of threads handling sign-ins, so a burst of them costs time, not memory.
std::counting_semaphore<>& hash_slots() {
  static std::counting_semaphore<> slots(
      static_cast<std::ptrdiff_t>(std::max(1U, std::thread::hardware_concurrency())));
  return slots;
}

template <typename Fn>
auto in_hash_slot(Fn&& fn) {
  ensure_sodium();
  hash_slots().acquire();
  struct Release {
    Release() = default;
    Release(const Release&) = delete;
    Release& operator=(const Release&) = delete;
    ~Release() { hash_slots().release(); }
  } release;
  return fn();
}

}  // namespace

Status check_new_password(std::string_view password, std::string_view field) {
  if (password.size() < kMinPasswordLength) {
    return invalid(std::string(field),
                   fmt::format("must be at least {} characters", kMinPasswordLength));
  }
  return {};
}

Result<std::string> hash_password(std::string_view password) {
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  const int rc = in_hash_slot([&] {
    return crypto_pwhash_str(hash.data(), password.data(), password.size(),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE);
  });
  if (rc != 0) {
    return fail(ErrorCode::StorageFailure, "out of memory hashing the password");
  }
  return std::string(hash.data());
}

bool verify_password(std::string_view hash, std::string_view password) {
  if (hash.empty()) {
    return false;
  }
  const std::string terminated(hash);
  return in_hash_slot([&] {
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
  });
}

const std::string& dummy_password_hash() {
  static const std::string hash = hash_password(random_hex(16)).value_or(std::string());
  return hash;
}

std::string secret_hash(std::string_view secret) {
  ensure_sodium();
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), nullptr,
                     0);
  std::string out(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), digest.data(), digest.size());
  out.pop_back();
  return out;
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(bytes * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), raw.data(), raw.size());
  out.pop_back();
  return out;
}

std::string human_code(int groups) {
  ensure_sodium();
  static constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  std::string out;
  for (int g = 0; g < groups; ++g) {
    if (g > 0) {
      out += '-';
    }
    for (int i = 0; i < 4; ++i) {
      out += kAlphabet[randombytes_uniform(static_cast<std::uint32_t>(kAlphabet.size()))];
    }
  }
  return out;
}

std::string typed_code(std::string_view text) {
  std::string code;
  for (char ch : text) {
    if (ch != ' ') {
      code += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
  }
  return code;
}

}  // namespace msfit::app
