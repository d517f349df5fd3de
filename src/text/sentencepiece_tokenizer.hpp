#pragma once
// Internal: the SentencePiece-backed BLEU tokenizers (see tokenizer_sentencepiece.cpp).
#include <memory>
#include <string>

#include "trenchcoat/text/tokenizer.hpp"

namespace trenchcoat::text {

bool is_sentencepiece_tokenizer(const std::string& name);
std::unique_ptr<Tokenizer> make_sentencepiece_tokenizer(const std::string& name, const std::string& model_path);

}  // namespace trenchcoat::text
