#include "trenchcoat/citations/field_rules.hpp"

namespace trenchcoat::citations {

// The same text as examples/cite/default-fields.json (a unit test compares them).
const std::string& default_field_rules_json() {
  static const std::string text = R"json(
{
  "description": "trenchcoat's default field rules: reward modelling, evaluation metrics and LLM-as-a-judge, the three subfields of 'Reward Models are Metrics in a Trench Coat' (Gehrmann 2025, Figure 1). Seeds decide a paper's fields; otherwise a paper belongs to every field whose venue, keyword or title keyword pattern matches. Phrases match case-insensitively at word boundaries ('*' at the end: any ending); 're:' starts a regular expression over the lowercased text.",
  "fields": [
    {
      "name": "reward-modeling",
      "description": "reward models, preference models and learning from human feedback",
      "seeds": [
        "arXiv:1706.03741",
        "arXiv:2203.02155",
        "arXiv:2305.18290",
        "arXiv:2403.13787"
      ],
      "keywords": [
        "reward model*",
        "rlhf",
        "rlaif",
        "human feedback",
        "from human preferences",
        "preference model*",
        "bradley-terry",
        "reward hacking",
        "reward overoptimization",
        "reward over-optimization",
        "preference optimization",
        "rewardbench"
      ],
      "title_keywords": [
        "dpo"
      ]
    },
    {
      "name": "evaluation-metrics",
      "description": "automatic evaluation metrics, quality estimation and their meta-evaluation against human judgments",
      "seeds": [
        "doi:10.3115/1073083.1073135",
        "arXiv:1904.09675",
        "arXiv:2004.04696",
        "arXiv:2009.09025"
      ],
      "venues": [
        "conference on machine translation",
        "workshop on statistical machine translation",
        "re:\\bwmt\\b",
        "eval4nlp",
        "intrinsic and extrinsic evaluation measures"
      ],
      "keywords": [
        "evaluation metric*",
        "automatic evaluation",
        "automatic metric*",
        "automatic mt evaluation",
        "meta-evaluation",
        "meta evaluation",
        "quality estimation",
        "learned metric*",
        "reference-free metric*",
        "nlg evaluation",
        "mqm",
        "multidimensional quality metrics",
        "bertscore",
        "bleurt",
        "metricx",
        "re:correlat\\w* with human (judg|rating|evaluation|assessment)"
      ],
      "title_keywords": [
        "metric*",
        "bleu",
        "rouge",
        "meteor",
        "chrf",
        "comet",
        "cometkiwi",
        "human evaluation",
        "evaluation measure*"
      ]
    },
    {
      "name": "llm-as-a-judge",
      "description": "large language models used as judges or evaluators",
      "seeds": [
        "arXiv:2306.05685"
      ],
      "keywords": [
        "llm-as-a-judge",
        "llm as a judge",
        "llm-as-judge",
        "llm judge*",
        "llm evaluator*",
        "llm-based evaluat*",
        "re:\\blanguage models? (are|as) [^.]{0,40}\\b(judges?|evaluators?)\\b",
        "g-eval",
        "mt-bench",
        "alpacaeval",
        "chatbot arena",
        "judgelm"
      ],
      "title_keywords": [
        "prometheus"
      ]
    }
  ]
}
)json";
  return text;
}

}  // namespace trenchcoat::citations
