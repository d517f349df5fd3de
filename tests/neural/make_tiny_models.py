#!/usr/bin/python3
"""Writes tiny random models in the exact released layouts, their tokenizers, and reference outputs
for the parity tests of the native neural scorers.

Usage: /usr/bin/python3 tests/neural/make_tiny_models.py OUTDIR
Needs Debian's python3-torch (1.13), python3-sentencepiece (0.1.97), python3-yaml. Deterministic
(fixed seeds, one SentencePiece trainer thread); runs in a few seconds; output ~1-2 MB.

OUTDIR/
  tokenizer_vectors.json   ~300 strings (fixed tricky cases + seeded random ones) with the ids of
                           python-sentencepiece's EncodeAsIds for both SentencePiece models: raw spm ids,
                           before special tokens and before the XLM-R offset.
  comet-da/                wmt22-comet-da layout: hparams.yaml, checkpoints/model.ckpt (Lightning-style
                           torch.save dict), plus the pretrained encoder's config.json and
                           sentencepiece.bpe.model (what xlm-roberta-large provides for the real model).
  cometkiwi/               wmt22-cometkiwi-da layout, same files. hparams.yaml says
                           layer_transformation: sparsemax_patch while the checkpoint's hyper_parameters
                           say sparsemax: the effective transform is softmax (COMET >= 2.2.6 forces it).
  rm-deberta/              HF DebertaV2ForSequenceClassification: config.json, spm.model, pytorch_model.bin
  rm-deberta-safetensors/  the same model as model.safetensors (+ config.json, spm.model)
  rm-xlmr/                 HF XLMRobertaForSequenceClassification: config.json, sentencepiece.bpe.model,
                           model.safetensors
  expected.json            per model: items, the token ids of every encoded sequence (after special
                           tokens, truncation, concatenation) and the reference scores computed by
                           torch_reference.py in ONE padded batch of all items, and again one item at a
                           time (their max |difference| is the reference's own floating-point noise).

SentencePiece models (unigram, nmt_nfkc normalisation, trained here on a generated corpus of English,
German, Chinese, digits, punctuation and emoji; rare characters fall outside character_coverage and
become <unk>):
  * XLM-R style `sentencepiece.bpe.model` (the name XLM-R uses although the model is unigram):
    spm ids <unk>=0, <s>=1, </s>=2, no pad. Model ids follow fairseq as HF's XLMRobertaTokenizer
    computes them: fairseq_tokens_to_ids = {<s>: 0, <pad>: 1, </s>: 2, <unk>: 3}, fairseq_offset = 1,
    so a piece with spm id k > 0 has model id k + 1 and spm id 0 (unk) maps to <unk> = 3 (spm ids 1
    and 2 are control symbols EncodeAsIds never returns, so real pieces have model ids >= 4);
    <mask> = len(sp_model) + fairseq_offset = S + 1; vocab_size = len(sp_model) + fairseq_offset + 1
    = S + 2 (the real model: S = 250000 -> <mask> 250001, vocab 250002).
  * DeBERTa-v3 style `spm.model`: spm ids [PAD]=0, [CLS]=1, [SEP]=2, [UNK]=3 (pad/bos/eos/unk ids with
    those piece names); model ids = spm ids; [MASK] = S (an added token); config vocab_size = S + 100
    (as v3: 128000 pieces, vocab 128100).

Models: random weights (torch_reference.RandomInit: matrices N(0, 0.2^2); LayerNorm weights
1 + N(0, 0.1^2); biases N(0, 0.1^2)); encoders 2 layers, hidden 64, 4 heads, FFN 128.
  * XLM-R encoders: max_position_embeddings 514, type_vocab_size 1, pad 1, eps 1e-5, vocab S + 2.
  * COMET heads: estimator hidden_sizes [48, 32], Tanh, no final activation. Head matrices (the COMET
    estimator, the reward models' pooler / classifier) are N(0, 1/in_dim) instead of N(0, 0.2^2), so
    tanh does not saturate and the heads do not amplify the encoder's rounding noise.
    comet-da scalar mix [0.1, 0.6, 0.9], gamma 1.3: sparsemax keeps 2 of the 3 layers
    ([0, 0.35, 0.65]), softmax keeps all three. kiwi mix [0.3, -0.2, 0.5], gamma 0.8 (softmax in
    effect; sparsemax would give [0.4, 0, 0.6]).
  * The Lightning checkpoint dict has: state_dict (COMET's parameter names, incl. the dropout_mask /
    dropout_fill buffers and the encoder.model.embeddings.position_ids int64 buffer older transformers
    versions saved), hyper_parameters (an AttributeDict: a dict subclass defined here and registered
    under Lightning's module name pytorch_lightning.utilities.parsing, so the pickle holds the same
    unknown GLOBAL + NEWOBJ + SETITEMS a real checkpoint of that era holds), epoch, global_step,
    pytorch-lightning_version "1.9.5", hparams_name "kwargs", and callbacks (ModelCheckpoint /
    EarlyStopping state with scalar tensors that are NOT part of the state dict).
  * HF reward models also carry the int64 `*.embeddings.position_ids` buffer ([1, max_positions]).

Reference-score conventions (torch_reference.py, following unbabel-comet 2.2.x and HF transformers):
  * comet-da: each field `<s> pieces </s>`, at most 510 ids (<= 508 pieces, cut from the right).
  * cometkiwi: fields as above, then `<s> mt </s></s> src </s>`, cut to 512 ids when the piece counts
    sum to more than 507 (the final </s> is lost from 509 on).
  * rm-xlmr: `<s> prompt </s></s> response </s>`, max_length 512 with HF slow-tokenizer longest_first
    truncation (one piece at a time from the longer list; from the response on ties).
  * rm-deberta: `[CLS] prompt [SEP] response [SEP]`, never truncated (one item is > 512 tokens).
Scores are float32 values written as JSON numbers (exact: a float32 converts to a double exactly).
"""
import collections
import io
import json
import math
import os
import random
import struct
import sys
import time
import types

import sentencepiece as spm
import torch
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_reference as ref  # noqa: E402

XLMR_SPM_VOCAB = 800
DEBERTA_SPM_VOCAB = 1000
HIDDEN, LAYERS, HEADS, FFN = 64, 2, 4, 128
COMET_HIDDEN_SIZES = [48, 32]
HEAD_STD = 1.0 / math.sqrt(HIDDEN)   # reward-model head matrices, like the COMET estimator's

# --------------------------------------------------------------------------------------------------
# Training corpus (seeded)
# --------------------------------------------------------------------------------------------------

EN_WORDS = """the a an of to and in is was for on with as by at from that this it be are were have has had
not but or they we you he she his her their our its all one two three new more most time year people
way day man woman child world school state family student group country problem hand part place case
week company system program question work government number night point home water room mother area
money story fact month lot right study book eye job word business issue side kind head house service
friend father power hour game line end member law car city community name president team minute idea
kid body information back parent face others level office door health person art war history party
result change morning reason research girl guy moment air teacher force education fire control able
stopped could translation quality sentence good bad better model score reference source machine
language english german chinese metric opened kindergartens schools walk boy sleeping went""".split()
DE_WORDS = """der die das und ist nicht ein eine zu den von mit sich des auf für im dem es an auch als
Straße groß größer Mädchen Jungen Übersetzung Qualität Schüler Türen über für Größe Fuß weiß heiß
schön Bücher Häuser Bäume müssen können dürfen möchten Feuer konnte Einhalt geboten werden Schulen
Kindergärten wurden eröffnet Gemüse Käse Brötchen Frühstück Mädchen Grüße Äpfel Öl Übung""".split()
ZH_COMMON = (
    "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后"
    "小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长"
    "知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最"
    "间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市"
    "眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计"
    "或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让"
    "认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办"
    "运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持"
    "取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞"
    "观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域"
)
ZH_RARE = "龘麤鱻靐齉爩"
EMOJI_COMMON = "😀😂🎉👍❤🔥🙂🌍"
EMOJI_RARE = "🦜🧬🪐🫠🛸🧿"
PUNCT = list(".,;:!?-–—()[]\"'«»„“”‘’…/%&*+=#@€$£§")


def make_corpus(rng: random.Random, lines: int = 3000, rare: bool = True) -> list:
    """A few thousand lines: English, German (umlauts, ß), Chinese (the first 260 characters of
    ZH_COMMON), numbers, punctuation, emoji. With `rare`, the characters of ZH_RARE and EMOJI_RARE
    appear once each, so character_coverage 0.9995 leaves them out of the vocabulary (<unk>), like the
    Cyrillic, Arabic, ... characters that never appear."""
    out = []

    def number():
        kind = rng.randrange(5)
        if kind == 0:
            return str(rng.randrange(0, 10000))
        if kind == 1:
            return f"{rng.randrange(1, 29):02d}.{rng.randrange(1, 13):02d}.{rng.randrange(1990, 2030)}"
        if kind == 2:
            return f"{rng.randrange(0, 1000)},{rng.randrange(0, 100):02d}"
        if kind == 3:
            return f"{rng.randrange(0, 1000)}.{rng.randrange(0, 100):02d}%"
        return f"+{rng.randrange(10, 99)} {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"

    for _ in range(lines):
        lang = rng.random()
        if lang < 0.40:
            words = [rng.choice(EN_WORDS) for _ in range(rng.randrange(4, 18))]
            words[0] = words[0].capitalize()
            sep = " "
        elif lang < 0.70:
            words = [rng.choice(DE_WORDS) for _ in range(rng.randrange(4, 16))]
            sep = " "
        else:
            words = ["".join(rng.choice(ZH_COMMON[:260]) for _ in range(rng.randrange(1, 4)))
                     for _ in range(rng.randrange(3, 12))]
            sep = ""
        for _ in range(rng.randrange(0, 3)):
            words.insert(rng.randrange(len(words) + 1), number())
        if rng.random() < 0.2:
            words.insert(rng.randrange(len(words) + 1), rng.choice(EMOJI_COMMON))
        if rng.random() < 0.3:
            words.insert(rng.randrange(len(words) + 1), rng.choice(PUNCT))
        line = sep.join(words) + rng.choice([".", "!", "?", "。", "", "…"])
        out.append(line)
    if rare:   # below the coverage threshold
        out.extend(f"rare {ch} token" for ch in ZH_RARE + EMOJI_RARE)
    return out


def train_spm(corpus: list, **options) -> spm.SentencePieceProcessor:
    """Unigram, nmt_nfkc, trained in one thread for determinism; returns the loaded processor."""
    writer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(corpus), model_writer=writer, model_type="unigram",
        normalization_rule_name="nmt_nfkc", character_coverage=0.9995, num_threads=1,
        input_sentence_size=0, shuffle_input_sentence=False, minloglevel=2, **options)
    proc = spm.SentencePieceProcessor()
    proc.LoadFromSerializedProto(writer.getvalue())
    proc.model_bytes = writer.getvalue()
    return proc


# --------------------------------------------------------------------------------------------------
# Tokenizer vectors
# --------------------------------------------------------------------------------------------------

FIXED_STRINGS = [
    "", " ", "   ", "\t", "\n", "\r\n", " \t\n ", "a", " a", "a ", "  a  b  ", "a  b", "a   b    c",
    "a\tb", "a\nb", "a\r\nb", "\tleading tab", "trailing tab\t", "multiple\n\nnewlines",
    "a\u00a0b", "\u00a0", "\u00a0\u00a0x\u00a0", "a\u3000b", "\u3000", "a\u2003b\u2009c", "x\u200by", "\ufeffbom",
    "\ufb01", "\ufb01nden", "\ufb02ow", "\u2460", "\u2460\u2461\u2462", "\u00bd", "x\u00b2", "\u2122",
    "\uff21\uff22\uff23", "\uff11\uff12\uff13", "\u3002", "\uff01", "caf\u00e9", "cafe\u0301", "e\u0301\u0301",
    "\u0301", "n\u0303o", "A\u030a", "\u212b", "\u2126", "K\u212a",
    "\x00", "a\x00b", "\x01\x02\x03", "a\x07b", "\x1b[31mred\x1b[0m", "\x7f", "\u0085", "a\u2028b", "a\u2029b",
    "\u200e\u200f", "\ud7ff", "\ue000", "\U000f0000",
    "😀", "😀😂🎉", "👍🏽", "👨‍👩‍👧", "🇩🇪", "❤️", "🦜", "🦜🧬🪐", "x🦜y",
    "Ω≈", "Ω≈ Ω≈", "Привет мир", "مرحبا بالعالم", "नमस्ते दुनिया", "สวัสดีชาวโลก", "שלום עולם", "γειά σου κόσμε",
    "こんにちは世界", "안녕하세요", "龘麤鱻", "我们今天去学校。", "中文English混合123", "Straße", "STRASSE",
    "Größe über Mädchen", "ÄÖÜäöüß", "ẞ", "İstanbul", "ǅ", "ﬀﬁﬂﬃﬄ",
    "The fire could be stopped", "They were able to control the fire.", "Dem Feuer konnte Einhalt geboten werden",
    "Schulen und Kindergärten wurden eröffnet.", "Hello, world!", "Hello,world!", "(parenthesised)",
    "«quoted» „zitiert“ “quoted”", "e-mail: a.b@example.com", "https://example.com/path?x=1&y=2",
    "1234567890", "3.14159", "1.234,56 €", "12.03.2024", "+49 170 1234567", "100%", "$5", "#hashtag", "@user",
    "...", "…", "—", "- - -", "!!!???", "a.b.c", "x" * 300, "ab" * 200, "Donaudampfschifffahrtsgesellschaftskapitän",
    "supercalifragilisticexpialidocious", "  " + "word " * 50, "ü" * 100, "的" * 100, "😀" * 50,
    "Ω" * 40, "a" + "\u0301" * 30, ("lorem ipsum " * 80).strip(),
]


def random_strings(rng: random.Random, count: int) -> list:
    """Seeded random strings over a pool of the tricky character classes."""
    pools = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "0123456789",
        "".join(PUNCT),
        " \t\n\r\u00a0\u3000\u2003\u200b",
        "äöüÄÖÜßéèêçñ",
        ZH_COMMON[:200] + ZH_RARE,
        EMOJI_COMMON + EMOJI_RARE + "\u200d\ufe0f",
        "\ufb01\ufb02\u2460\u2461\u00bd\u00b2\uff21\uff41\uff11\u212b\u2126",
        "\u0300\u0301\u0303\u0308\u0327",
        "ЖЁжёΩαβγمرحनमสשל",
        "\x00\x01\x07\x1b\x7f\u0085\u2028\u200e",
    ]
    weights = [30, 6, 8, 10, 6, 10, 4, 3, 2, 4, 1]
    words_pool = EN_WORDS + DE_WORDS
    out = []
    for _ in range(count):
        if rng.random() < 0.35:
            # word-like text with odd spacing
            parts = []
            for _ in range(rng.randrange(1, 12)):
                parts.append(rng.choice(words_pool))
                parts.append(rng.choice([" ", " ", " ", "  ", "\t", "\u00a0", "", ", ", ". "]))
            text = "".join(parts)
            if rng.random() < 0.3:
                text = rng.choice([" ", "  ", "\t", "\n"]) + text
        else:
            n = rng.randrange(0, 60)
            text = "".join(rng.choice(rng.choices(pools, weights)[0]) for _ in range(n))
        out.append(text)
    return out


# --------------------------------------------------------------------------------------------------
# File writers
# --------------------------------------------------------------------------------------------------


def install_lightning_standins():
    """Stand-ins for the Lightning classes a released checkpoint references, defined here and
    registered under Lightning's module names so the pickle names the same globals (the C++ loader
    must treat them as unknown, inert placeholders)."""
    names = ["pytorch_lightning", "pytorch_lightning.utilities", "pytorch_lightning.utilities.parsing"]
    for name in names:
        if name not in sys.modules:
            sys.modules[name] = types.ModuleType(name)

    class AttributeDict(dict):
        """Stand-in for pytorch_lightning.utilities.parsing.AttributeDict (a dict with attribute
        access)."""

        def __getattr__(self, key):
            try:
                return self[key]
            except KeyError as exc:
                raise AttributeError(key) from exc

    AttributeDict.__module__ = "pytorch_lightning.utilities.parsing"
    AttributeDict.__qualname__ = "AttributeDict"
    sys.modules["pytorch_lightning.utilities.parsing"].AttributeDict = AttributeDict
    return AttributeDict


def write_json(path: str, value, indent=None) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=indent, ensure_ascii=False)
        f.write("\n")


SAFETENSORS_DTYPES = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
                      torch.int64: "I64", torch.int32: "I32", torch.int8: "I8", torch.uint8: "U8",
                      torch.bool: "BOOL"}


def write_safetensors(path: str, state: dict, metadata: dict) -> None:
    """safetensors by hand (the package is not installed): 8-byte little-endian header length, the
    JSON header {name: {dtype, shape, data_offsets [begin, end) relative to the data}, "__metadata__"},
    padded with spaces to a multiple of 8 as the reference writer does, then the raw little-endian
    bytes in header order (sorted by name)."""
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name in sorted(state):
        tensor = state[name].contiguous()
        raw = tensor.view(torch.int16) if tensor.dtype == torch.bfloat16 else tensor   # numpy has no bfloat16
        data = raw.numpy().tobytes()
        header[name] = {"dtype": SAFETENSORS_DTYPES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def xlmr_hf_config(vocab_size: int, architecture: str, extra: dict = None) -> dict:
    """config.json of an HF XLMRobertaConfig for the tiny encoder."""
    config = {
        "architectures": [architecture],
        "attention_probs_dropout_prob": 0.1,
        "bos_token_id": 0,
        "classifier_dropout": None,
        "eos_token_id": 2,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": HIDDEN,
        "initializer_range": 0.02,
        "intermediate_size": FFN,
        "layer_norm_eps": 1e-05,
        "max_position_embeddings": 514,
        "model_type": "xlm-roberta",
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "output_past": True,
        "pad_token_id": 1,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
        "transformers_version": "4.36.2",
        "type_vocab_size": 1,
        "use_cache": True,
        "vocab_size": vocab_size,
    }
    config.update(extra or {})
    return config


def deberta_hf_config(vocab_size: int) -> dict:
    """config.json of an HF DebertaV2Config (v3 variant) with a 1-label classification head."""
    return {
        "architectures": ["DebertaV2ForSequenceClassification"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": HIDDEN,
        "id2label": {"0": "LABEL_0"},
        "initializer_range": 0.02,
        "intermediate_size": FFN,
        "label2id": {"LABEL_0": 0},
        "layer_norm_eps": 1e-07,
        "max_position_embeddings": 512,
        "max_relative_positions": -1,
        "model_type": "deberta-v2",
        "norm_rel_ebd": "layer_norm",
        "num_attention_heads": HEADS,
        "num_hidden_layers": LAYERS,
        "num_labels": 1,
        "pad_token_id": 0,
        "pooler_dropout": 0,
        "pooler_hidden_act": "gelu",
        "pooler_hidden_size": HIDDEN,
        "pos_att_type": ["p2c", "c2p"],
        "position_biased_input": False,
        "position_buckets": 256,
        "relative_attention": True,
        "share_att_key": True,
        "torch_dtype": "float32",
        "transformers_version": "4.36.2",
        "type_vocab_size": 0,
        "vocab_size": vocab_size,
    }


def comet_hparams(kind: str) -> dict:
    """hparams.yaml content of the tiny COMET models (the wmt22 fields; the pretrained model names the
    tiny encoder whose config.json and tokenizer sit next to it)."""
    common = {
        "activations": "Tanh",
        "batch_size": 16,
        "dropout": 0.1,
        "encoder_learning_rate": 1.0e-06,
        "encoder_model": "XLM-RoBERTa",
        "final_activation": None,
        "hidden_sizes": list(COMET_HIDDEN_SIZES),
        "keep_embeddings_frozen": True,
        "layer_norm": False,
        "layerwise_decay": 0.95,
        "learning_rate": 1.5e-05,
        "load_pretrained_weights": True,
        "local_files_only": False,
        "loss": "mse",
        "nr_frozen_epochs": 0.3,
        "optimizer": "AdamW",
        "train_data": ["data/tiny-train.csv"],
        "validation_data": ["data/tiny-dev.csv"],
        "warmup_steps": 0,
    }
    if kind == "comet-da":
        common.update({
            "class_identifier": "regression_metric",
            "layer": "mix",
            "layer_transformation": "sparsemax",
            "pool": "avg",
            "pretrained_model": "tiny-xlm-roberta",
        })
    else:
        common.update({
            "class_identifier": "unified_metric",
            "continuous_word_labels": False,
            "cross_entropy_weights": None,
            "error_labels": ["minor", "major"],
            "input_segments": ["mt", "src"],
            "layer_transformation": "sparsemax",
            "loss_lambda": 0.65,
            "pretrained_model": "tiny-infoxlm",
            "sent_layer": "mix",
            "word_layer": 2,
            "word_level_training": False,
        })
    return common


def write_comet_dir(outdir: str, kind: str, state: dict, xlmr_spm, vocab_size: int, attribute_dict) -> None:
    """COMET release layout: hparams.yaml + checkpoints/model.ckpt; plus config.json and
    sentencepiece.bpe.model of the (tiny) pretrained encoder."""
    os.makedirs(os.path.join(outdir, "checkpoints"), exist_ok=True)
    hparams = comet_hparams(kind)
    yaml_hparams = dict(hparams)
    if kind == "cometkiwi":
        # COMET >= 2.2.6 releases: the yaml says sparsemax_patch -> softmax is forced (COMET's load_from_checkpoint).
        yaml_hparams["layer_transformation"] = "sparsemax_patch"
    with open(os.path.join(outdir, "hparams.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(yaml_hparams, f, default_flow_style=False, sort_keys=True)
    checkpoint = {
        "epoch": 3,
        "global_step": 12345,
        "pytorch-lightning_version": "1.9.5",
        "state_dict": collections.OrderedDict(state),
        "callbacks": {
            "ModelCheckpoint{'monitor': 'val_kendall', 'mode': 'max', 'every_n_train_steps': 0, "
            "'every_n_epochs': 1, 'train_time_interval': None}": {
                "monitor": "val_kendall",
                "best_model_score": torch.tensor(0.3061, dtype=torch.float32),
                "best_model_path": "lightning_logs/version_0/checkpoints/epoch=3-step=12345.ckpt",
                "current_score": torch.tensor(0.2998, dtype=torch.float32),
                "dirpath": "lightning_logs/version_0/checkpoints",
                "best_k_models": {"lightning_logs/version_0/checkpoints/epoch=3-step=12345.ckpt":
                                  torch.tensor(0.3061, dtype=torch.float32)},
                "kth_best_model_path": "",
                "kth_value": torch.tensor(float("-inf")),
                "last_model_path": "",
            },
            "EarlyStopping{'monitor': 'val_kendall', 'mode': 'max'}": {
                "wait_count": 1, "stopped_epoch": 0, "best_score": torch.tensor(0.3061), "patience": 2,
            },
        },
        "hparams_name": "kwargs",
        "hyper_parameters": attribute_dict(hparams),
    }
    torch.save(checkpoint, os.path.join(outdir, "checkpoints", "model.ckpt"))
    arch = "XLMRobertaForMaskedLM"
    write_json(os.path.join(outdir, "config.json"), xlmr_hf_config(vocab_size, arch), indent=2)
    with open(os.path.join(outdir, "sentencepiece.bpe.model"), "wb") as f:
        f.write(xlmr_spm.model_bytes)


# --------------------------------------------------------------------------------------------------
# Test items
# --------------------------------------------------------------------------------------------------


class PieceTexts:
    """Texts with an exact number of SentencePiece pieces: words that encode as one piece each
    ('▁word' is in the vocabulary and is the best segmentation), joined by spaces."""

    def __init__(self, sp: spm.SentencePieceProcessor, rng: random.Random):
        self.sp, self.rng = sp, rng
        self.words = []
        for i in range(sp.GetPieceSize()):
            piece = sp.IdToPiece(i)
            word = piece[1:]
            if piece.startswith("\u2581") and len(word) >= 2 and word.isascii() and word.isalpha() \
                    and sp.EncodeAsIds(word) == [i] and len(sp.EncodeAsIds(f"{word} {word}")) == 2:
                self.words.append(word)
        assert len(self.words) >= 20, "too few single-piece words"

    def text(self, pieces: int) -> str:
        text = " ".join(self.rng.choice(self.words) for _ in range(pieces))
        assert len(self.sp.EncodeAsIds(text)) == pieces
        return text

    def long_text(self, min_pieces: int, corpus_rng: random.Random) -> str:
        """Natural-looking mixed text (German/English/Chinese/digits) of at least min_pieces pieces."""
        parts = []
        while len(self.sp.EncodeAsIds(" ".join(parts))) < min_pieces:
            parts.extend(make_corpus(corpus_rng, 5, rare=False))
        return " ".join(parts)


def comet_items(texts: PieceTexts, corpus_rng) -> list:
    """src/mt/ref triples: ordinary sentences, empty strings, whitespace and Unicode cases, and fields
    at and over the 510-id limit."""
    long_src = texts.long_text(650, corpus_rng)
    return [
        {"src": "Dem Feuer konnte Einhalt geboten werden", "mt": "The fire could be stopped",
         "ref": "They were able to control the fire."},
        {"src": "Schulen und Kindergärten wurden eröffnet.", "mt": "Schools and kindergartens were open",
         "ref": "Schools and kindergartens opened"},
        {"src": "Die Straße ist groß.", "mt": "The street is big.", "ref": "The street is big."},
        {"src": "Das ist gut.", "mt": "", "ref": "That is good."},
        {"src": "", "mt": "", "ref": ""},
        {"src": "我们今天去学校。", "mt": "We go to school today.", "ref": "Today we are going to school."},
        {"src": "  Leerzeichen   am Anfang ", "mt": "\tspaces\tand\ttabs  ", "ref": "line one\nline two"},
        {"src": "\ufb01nden Sie \u2460 Caf\u00e9", "mt": "\ufb01nd \u2460 cafe\u0301",
         "ref": "find 1 caf\u00e9\u00a0and\u3000more"},
        {"src": "Привет мир 😀", "mt": "Hello world 😀🎉", "ref": "Ω≈ hello 🦜"},
        # src > 600 pieces (cut to 508 pieces); mt exactly 508 pieces (510 ids, no cut); ref 509 (cut).
        {"src": long_src, "mt": texts.text(508), "ref": texts.text(509)},
        {"src": "Am 12.03.2024 kostete es 1.234,56 €.", "mt": texts.long_text(620, corpus_rng),
         "ref": "It cost 1234.56 euros on 12 March 2024!"},
        {"src": "Am 12.03.2024 kostete es 1.234,56 €.", "mt": "On 03/12/2024 it cost €1,234.56.",
         "ref": "It cost 1234.56 euros on 12 March 2024!"},
    ]


def kiwi_items(texts: PieceTexts, corpus_rng) -> list:
    """src/mt pairs incl. the concatenation limits: piece sums 507 (511 ids), 508 (512 ids, no cut),
    509 (cut to 512, final </s> dropped), and an mt over 510 ids."""
    return [
        {"src": "Dem Feuer konnte Einhalt geboten werden", "mt": "The fire could be stopped"},
        {"src": "Schulen und Kindergärten wurden eröffnet.", "mt": "Schools and kindergartens opened"},
        {"src": "", "mt": ""},
        {"src": "Das ist gut.", "mt": ""},
        {"src": "", "mt": "That is good."},
        {"src": "我们今天去学校。", "mt": "We go to school today 😀"},
        {"src": "  Leerzeichen   am Anfang ", "mt": "\ufb01nd \u2460 cafe\u0301\u00a0x\u3000y"},
        {"src": texts.text(257), "mt": texts.text(250)},
        {"src": texts.text(254), "mt": texts.text(254)},
        {"src": texts.text(254), "mt": texts.text(255)},
        {"src": "Kurzer Satz über Größe.", "mt": texts.long_text(700, corpus_rng)},
        {"src": texts.long_text(600, corpus_rng), "mt": "Ω≈ Привет 🦜"},
    ]


def rm_items(texts: PieceTexts, corpus_rng, long_pair: bool) -> list:
    """prompt/response pairs. For XLM-R (long_pair False): the 512-id longest_first truncation
    cases; for DeBERTa (long_pair True): one pair longer than 512 tokens, never truncated."""
    items = [
        {"prompt": "What is the capital of Germany?", "response": "The capital of Germany is Berlin."},
        {"prompt": "What is the capital of Germany?", "response": "I like turtles."},
        {"prompt": "", "response": ""},
        {"prompt": "Translate: Die Straße ist groß.", "response": ""},
        {"prompt": "", "response": "Just a response 😀"},
        {"prompt": "  leading and trailing  ", "response": "\ttabs\tand\nnewlines\n"},
        {"prompt": "\ufb01x \u2460 caf\u00e9 cafe\u0301", "response": "a\u00a0b\u3000c Ω≈ Привет 🦜"},
        {"prompt": "我们今天去学校。", "response": "我们明天去学校。"},
    ]
    if long_pair:
        items += [
            {"prompt": texts.text(300), "response": texts.text(260)},   # 563 tokens
            {"prompt": texts.long_text(120, corpus_rng), "response": texts.long_text(250, corpus_rng)},
            {"prompt": "Short prompt.", "response": texts.text(380)},
            {"prompt": "Kurze Frage?", "response": "Kurze Antwort."},
        ]
    else:
        items += [
            {"prompt": texts.text(300), "response": texts.text(400)},   # response longer
            {"prompt": texts.text(450), "response": texts.text(100)},   # prompt longer
            {"prompt": texts.text(300), "response": texts.text(301)},   # near tie
            {"prompt": texts.text(254), "response": texts.text(254)},   # 508 pieces = 512 ids: no cut
            {"prompt": texts.text(254), "response": texts.text(255)},   # 513 ids: one piece removed
        ]
    return items


# --------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------


def floats(t: torch.Tensor) -> list:
    return [float(x) for x in t.reshape(-1).tolist()]


def batch_vs_single(score_fn, seqs_per_item: list) -> tuple:
    """Scores of all items in one padded batch, and one item at a time."""
    batch = score_fn(seqs_per_item)
    single = torch.cat([score_fn(seqs_per_item[i:i + 1]) for i in range(len(seqs_per_item))])
    return batch, single


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: /usr/bin/python3 make_tiny_models.py OUTDIR")
    started = time.time()
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)   # reference scores do not depend on the machine's thread count
    attribute_dict = install_lightning_standins()

    # ---- SentencePiece models -----------------------------------------------------------------
    corpus = make_corpus(random.Random(20261128))
    xlmr_sp = train_spm(corpus, vocab_size=XLMR_SPM_VOCAB, unk_id=0, bos_id=1, eos_id=2, pad_id=-1)
    deberta_sp = train_spm(corpus, vocab_size=DEBERTA_SPM_VOCAB, pad_id=0, bos_id=1, eos_id=2, unk_id=3,
                           pad_piece="[PAD]", bos_piece="[CLS]", eos_piece="[SEP]", unk_piece="[UNK]")
    xlmr_spm_size, deberta_spm_size = xlmr_sp.GetPieceSize(), deberta_sp.GetPieceSize()
    xlmr_vocab = xlmr_spm_size + 2          # fairseq specials + <mask> (see the docstring)
    deberta_vocab = deberta_spm_size + 100  # as DeBERTa-v3 (128000 pieces, vocab 128100)

    # ---- tokenizer vectors --------------------------------------------------------------------
    strings = FIXED_STRINGS + random_strings(random.Random(7), 300 - len(FIXED_STRINGS))
    write_json(os.path.join(out, "tokenizer_vectors.json"), {
        "about": "python-sentencepiece 0.1.97 EncodeAsIds (raw spm ids: no special tokens, no XLM-R offset) "
                 "of each text; written by tests/neural/make_tiny_models.py",
        "models": {
            "xlmr": {"file": "comet-da/sentencepiece.bpe.model", "piece_size": xlmr_spm_size,
                     "unk_id": 0, "bos_id": 1, "eos_id": 2, "pad_id": -1},
            "deberta": {"file": "rm-deberta/spm.model", "piece_size": deberta_spm_size,
                        "pad_id": 0, "bos_id": 1, "eos_id": 2, "unk_id": 3},
        },
        "cases": [{"text": s, "xlmr": xlmr_sp.EncodeAsIds(s), "deberta": deberta_sp.EncodeAsIds(s)}
                  for s in strings],
    })

    def xlmr_field(text):
        return ref.xlmr_single(ref.xlmr_piece_ids(xlmr_sp.EncodeAsIds(text)))

    xlmr_texts = PieceTexts(xlmr_sp, random.Random(11))
    deberta_texts = PieceTexts(deberta_sp, random.Random(12))
    expected = {
        "about": "reference outputs of tests/neural/torch_reference.py (COMET 2.2.x and DeBERTa-v3 math) for the "
                 "tiny models; written by tests/neural/make_tiny_models.py",
        "torch": torch.__version__, "sentencepiece": spm.__version__,
        "xlmr_spm_piece_size": xlmr_spm_size, "xlmr_vocab_size": xlmr_vocab,
        "xlmr_mask_id": ref.xlmr_mask_id(xlmr_spm_size),
        "deberta_spm_piece_size": deberta_spm_size, "deberta_vocab_size": deberta_vocab,
        "deberta_mask_id": deberta_spm_size,
    }

    with torch.inference_mode():
        xcfg = ref.XlmrConfig(vocab_size=xlmr_vocab, hidden_size=HIDDEN, num_layers=LAYERS, num_heads=HEADS,
                              intermediate_size=FFN)
        dcfg = ref.DebertaConfig(vocab_size=deberta_vocab, hidden_size=HIDDEN, num_layers=LAYERS, num_heads=HEADS,
                                 intermediate_size=FFN)

        # ---- comet-da ---------------------------------------------------------------------------
        init = ref.RandomInit(seed=1)
        state = ref.random_xlmr_encoder(init, xcfg, "encoder.model.", position_ids_buffer=True)
        ref.random_comet_head(init, LAYERS, [0.1, 0.6, 0.9], 1.3, 6 * HIDDEN, COMET_HIDDEN_SIZES, state)
        write_comet_dir(os.path.join(out, "comet-da"), "comet-da", state, xlmr_sp, xlmr_vocab, attribute_dict)
        items = comet_items(xlmr_texts, random.Random(21))
        fields = {f: [xlmr_field(it[f]) for it in items] for f in ("src", "mt", "ref")}

        def comet_fn(index_list):
            return ref.comet_da_scores(state, xcfg, *[[fields[f][i] for i in index_list] for f in ("src", "mt", "ref")],
                                       transforms=("sparsemax", "softmax"))

        batch = comet_fn(list(range(len(items))))
        scores, emb = batch["sparsemax"]
        softmax_scores = batch["softmax"][0]
        single = torch.cat([comet_fn([i])["sparsemax"][0] for i in range(len(items))])
        for i, it in enumerate(items):
            it.update({f + "_ids": fields[f][i] for f in ("src", "mt", "ref")})
            it["score"] = float(scores[i])
            it["score_batch1"] = float(single[i])
            it["score_softmax"] = float(softmax_scores[i])
            it["sentemb_first4"] = {f: floats(emb[f][i, :4]) for f in ("src", "mt", "ref")}
        expected["comet-da"] = model_summary("comet-da", "sparsemax", items, scores, single)
        expected["comet-da"]["scores_softmax"] = floats(softmax_scores)
        expected["comet-da"]["input_format"] = ("src, mt, ref each `<s> pieces </s>` (XLM-R ids), at most 510 ids; "
                                                "three padded batches")

        # ---- cometkiwi --------------------------------------------------------------------------
        init = ref.RandomInit(seed=2)
        state_k = ref.random_xlmr_encoder(init, xcfg, "encoder.model.", position_ids_buffer=True)
        ref.random_comet_head(init, LAYERS, [0.3, -0.2, 0.5], 0.8, HIDDEN, COMET_HIDDEN_SIZES, state_k)
        write_comet_dir(os.path.join(out, "cometkiwi"), "cometkiwi", state_k, xlmr_sp, xlmr_vocab, attribute_dict)
        items = kiwi_items(xlmr_texts, random.Random(22))
        seqs = [ref.kiwi_concat(xlmr_field(it["mt"]), xlmr_field(it["src"])) for it in items]
        batch = ref.cometkiwi_scores(state_k, xcfg, seqs, transforms=("softmax", "sparsemax"))
        scores, sparse_scores = batch["softmax"], batch["sparsemax"]
        single = torch.cat([ref.cometkiwi_scores(state_k, xcfg, [s])["softmax"] for s in seqs])
        for i, it in enumerate(items):
            it["ids"] = seqs[i]
            it["score"], it["score_batch1"] = float(scores[i]), float(single[i])
            it["score_sparsemax"] = float(sparse_scores[i])
        expected["cometkiwi"] = model_summary("cometkiwi", "softmax", items, scores, single)
        expected["cometkiwi"]["scores_sparsemax"] = floats(sparse_scores)
        expected["cometkiwi"]["input_format"] = ("`<s> mt </s></s> src </s>` from fields of at most 510 ids each, "
                                                 "cut to 512 ids when the piece counts sum to more than 507")

        # ---- rm-deberta (+ safetensors copy) ------------------------------------------------------
        init = ref.RandomInit(seed=3)
        state_d = ref.random_deberta_encoder(init, dcfg, "deberta.", position_ids_buffer=True)
        init.linear(state_d, "pooler.dense", HIDDEN, HIDDEN, HEAD_STD)
        init.linear(state_d, "classifier", 1, HIDDEN, HEAD_STD)
        for name, safetensors in (("rm-deberta", False), ("rm-deberta-safetensors", True)):
            d = os.path.join(out, name)
            os.makedirs(d, exist_ok=True)
            write_json(os.path.join(d, "config.json"), deberta_hf_config(deberta_vocab), indent=2)
            with open(os.path.join(d, "spm.model"), "wb") as f:
                f.write(deberta_sp.model_bytes)
            if safetensors:
                write_safetensors(os.path.join(d, "model.safetensors"), state_d, {"format": "pt"})
            else:
                torch.save(collections.OrderedDict(state_d), os.path.join(d, "pytorch_model.bin"))
        items = rm_items(deberta_texts, random.Random(23), long_pair=True)
        seqs = [ref.deberta_pair(deberta_sp.EncodeAsIds(it["prompt"]), deberta_sp.EncodeAsIds(it["response"]))
                for it in items]
        scores, single = batch_vs_single(lambda s: ref.rm_deberta_scores(state_d, dcfg, s), seqs)
        for i, it in enumerate(items):
            it["ids"] = seqs[i]
            it["score"], it["score_batch1"] = float(scores[i]), float(single[i])
        expected["rm-deberta"] = model_summary("rm-deberta", None, items, scores, single)
        expected["rm-deberta"]["input_format"] = "`[CLS] prompt [SEP] response [SEP]` (spm ids), no truncation"
        expected["rm-deberta-safetensors"] = {"same_as": "rm-deberta",
                                              "about": "the same weights as model.safetensors: same items, ids, scores"}

        # ---- rm-xlmr ------------------------------------------------------------------------------
        init = ref.RandomInit(seed=4)
        state_x = ref.random_xlmr_encoder(init, xcfg, "roberta.", position_ids_buffer=True)
        init.linear(state_x, "classifier.dense", HIDDEN, HIDDEN, HEAD_STD)
        init.linear(state_x, "classifier.out_proj", 1, HIDDEN, HEAD_STD)
        d = os.path.join(out, "rm-xlmr")
        os.makedirs(d, exist_ok=True)
        write_json(os.path.join(d, "config.json"), xlmr_hf_config(
            xlmr_vocab, "XLMRobertaForSequenceClassification",
            {"id2label": {"0": "LABEL_0"}, "label2id": {"LABEL_0": 0}}), indent=2)
        with open(os.path.join(d, "sentencepiece.bpe.model"), "wb") as f:
            f.write(xlmr_sp.model_bytes)
        write_safetensors(os.path.join(d, "model.safetensors"), state_x, {"format": "pt"})
        items = rm_items(xlmr_texts, random.Random(24), long_pair=False)
        seqs = [ref.xlmr_pair(ref.xlmr_piece_ids(xlmr_sp.EncodeAsIds(it["prompt"])),
                              ref.xlmr_piece_ids(xlmr_sp.EncodeAsIds(it["response"]))) for it in items]
        scores, single = batch_vs_single(lambda s: ref.rm_xlmr_scores(state_x, xcfg, s), seqs)
        for i, it in enumerate(items):
            it["ids"] = seqs[i]
            it["score"], it["score_batch1"] = float(scores[i]), float(single[i])
        expected["rm-xlmr"] = model_summary("rm-xlmr", None, items, scores, single)
        expected["rm-xlmr"]["input_format"] = ("`<s> prompt </s></s> response </s>` (XLM-R ids), max 512 ids, "
                                               "longest_first truncation (ties: from the response)")

    write_json(os.path.join(out, "expected.json"), expected)
    print(f"make_tiny_models.py: wrote {out} in {time.time() - started:.1f} s")


def model_summary(name: str, transform, items: list, scores: torch.Tensor, single: torch.Tensor) -> dict:
    summary = {
        "dir": name,
        "items": items,
        "scores": floats(scores),
        "scores_batch1": floats(single),
        "batch_vs_single_max_abs_diff": float((scores - single).abs().max()),
        "system_score": sum(floats(scores)) / len(items),
    }
    if transform is not None:
        summary["layer_transformation_in_effect"] = transform
    return summary


if __name__ == "__main__":
    main()
