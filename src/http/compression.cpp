#include "msfit/http/compression.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>
#include <cstdint>

#include <brotli/encode.h>
#include <zlib.h>

namespace msfit::http {

namespace {

// zlib's level 6 and brotli's quality 5: most of the size gain of the top levels at a small
// part of their time, for answers compressed once each (the static files come precompressed
// at the top levels from the web build).
constexpr int kGzipLevel = 6;
constexpr int kBrotliQuality = 5;

std::string_view trim(std::string_view text) {
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

bool same_token(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// A q-value in thousandths ("1", "0.5", "0.125"); -1 when it is not one.
int parse_q(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) {
    return -1;
  }
  int thousandths = text[0] == '1' ? 1000 : 0;
  if (text.size() == 1) {
    return thousandths;
  }
  if (text[1] != '.' || text.size() > 5) {
    return -1;
  }
  int scale = 100;
  for (const char c : text.substr(2)) {
    if (c < '0' || c > '9' || (thousandths == 1000 && c != '0')) {
      return -1;
    }
    thousandths += (c - '0') * scale;
    scale /= 10;
  }
  return thousandths;
}

// The q-values (in thousandths) an Accept-Encoding gives brotli, gzip and "*"; -1 where the
// header does not name it.
struct Weights {
  int brotli = -1;
  int gzip = -1;
  int any = -1;
};

Weights weigh(std::string_view header) {
  Weights weights;
  while (!header.empty()) {
    const std::size_t comma = header.find(',');
    const std::string_view element = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    const std::size_t semicolon = element.find(';');
    const std::string_view coding = trim(element.substr(0, semicolon));
    std::string_view params =
        semicolon == std::string_view::npos ? std::string_view{} : element.substr(semicolon + 1);
    int q = 1000;
    while (!params.empty()) {
      // Parameters after the coding: only q means anything here.
      const std::size_t next = params.find(';');
      const std::string_view param = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        q = parse_q(trim(param.substr(2)));
      }
    }
    if (q < 0) {
      q = 0;  // A malformed weight counts as a refusal, never as a wish.
    }
    if (same_token(coding, "br")) {
      weights.brotli = q;
    } else if (same_token(coding, "gzip") || same_token(coding, "x-gzip")) {
      weights.gzip = std::max(weights.gzip, q);
    } else if (coding == "*") {
      weights.any = q;
    }
  }
  return weights;
}

std::optional<std::string> gzip(std::string_view body) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header and trailer around the deflate data.
  if (deflateInit2(&stream, kGzipLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(body.size())), '\0');
  // zlib's interface takes a non-const pointer but does not write through next_in.
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int result = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) {
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> brotli(std::string_view body) {
  std::size_t size = BrotliEncoderMaxCompressedSize(body.size());
  if (size == 0) {
    return std::nullopt;
  }
  std::string out(size, '\0');
  if (BrotliEncoderCompress(kBrotliQuality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, body.size(),
                            reinterpret_cast<const std::uint8_t*>(body.data()), &size,
                            reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_TRUE) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

}  // namespace

std::string_view coding_name(Coding coding) {
  switch (coding) {
    case Coding::Gzip:
      return "gzip";
    case Coding::Brotli:
      return "br";
    case Coding::Identity:
      break;
  }
  return "identity";
}

Coding choose_coding(std::string_view accept_encoding, bool offer_brotli, bool offer_gzip) {
  const Weights weights = weigh(accept_encoding);
  const int brotli = offer_brotli ? (weights.brotli >= 0 ? weights.brotli : weights.any) : 0;
  const int gzip = offer_gzip ? (weights.gzip >= 0 ? weights.gzip : weights.any) : 0;
  if (brotli > 0 && brotli >= gzip) {
    return Coding::Brotli;
  }
  if (gzip > 0) {
    return Coding::Gzip;
  }
  return Coding::Identity;
}

std::optional<std::string> compress(std::string_view body, Coding coding) {
  if (body.size() > UINT_MAX / 2) {
    return std::nullopt;  // zlib counts in 32 bits; no answer comes near this.
  }
  switch (coding) {
    case Coding::Gzip:
      return gzip(body);
    case Coding::Brotli:
      return brotli(body);
    case Coding::Identity:
      break;
  }
  return std::string(body);
}

}  // namespace msfit::http
