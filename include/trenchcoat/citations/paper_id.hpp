#pragma once
// Paper identifiers in one normalized form, whatever form a source or a user writes them in, so that
// the same paper from OpenAlex, Semantic Scholar and a config file compares equal:
//   openalex:W2101105183      https://openalex.org/W2101105183, W2101105183, openalex:W...
//   s2:<40 lowercase hex>     a Semantic Scholar paperId (s2: prefix optional)
//   doi:<lowercase DOI>       10.3115/..., doi:10..., https://doi.org/10... (DOIs are case-insensitive)
//   arxiv:<id, no version>    arXiv:2203.02155v2, 2203.02155, https://arxiv.org/abs/..., hep-th/9901001
//   acl:<lowercase id>        ACL Anthology ids (acl:W04-1013), as Semantic Scholar's externalIds give them
//   corpusid:<n>, mag:<n>     Semantic Scholar corpus ids and Microsoft Academic Graph ids
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trenchcoat::citations {

// The normalized form of an id in any of the forms above; nullopt when it is none of them.
std::optional<std::string> normalize_paper_id(std::string_view id);

// The other normalized ids the same paper certainly has: arXiv's DOI 10.48550/arXiv.ID for an arXiv
// id and the reverse (Semantic Scholar and OpenAlex give either).
std::vector<std::string> paper_id_aliases(const std::string& normalized);

// Appends a normalized id and its aliases to a paper's ids, each once.
void add_paper_id(std::vector<std::string>& ids, const std::string& normalized);

}  // namespace trenchcoat::citations
