#pragma once

// Content codings (RFC 9110 §8.4): reading a request's Accept-Encoding and compressing an
// answer with gzip (zlib) or brotli (libbrotli). The static files pick a precompressed
// variant with these; the transport compresses large API answers on the fly.

#include <optional>
#include <string>
#include <string_view>

namespace msfit::http {

enum class Coding { Identity, Gzip, Brotli };

// The token for Content-Encoding: "identity", "gzip" or "br".
[[nodiscard]] std::string_view coding_name(Coding coding);

// The coding to answer with, given a request's Accept-Encoding (empty when it sent none) and
// which codings the server has on offer. A coding is acceptable when the header names it (or
// "*") with a q-value above 0; "x-gzip" counts as gzip. Of the acceptable offers the highest q
// wins, brotli before gzip on a tie. Identity is the answer when nothing else is acceptable,
// even when the client refused it too: a plain body beats a 406 for an old client.
[[nodiscard]] Coding choose_coding(std::string_view accept_encoding, bool offer_brotli,
                                   bool offer_gzip);

// The body compressed with `coding` at a level fit for answers made per request (gzip: one
// gzip member, not raw deflate or zlib); nullopt when the library fails. Identity returns the
// body unchanged.
[[nodiscard]] std::optional<std::string> compress(std::string_view body, Coding coding);

}  // namespace msfit::http
