#include "trenchcoat/citations/paper_record.hpp"

namespace trenchcoat::citations {

const char* record_source_name(RecordSource source) { return source == RecordSource::openalex ? "openalex" : "s2"; }

}  // namespace trenchcoat::citations
