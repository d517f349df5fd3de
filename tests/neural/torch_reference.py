"""Reference forward passes in PyTorch for the native neural scorers, written from a description of
unbabel-comet 2.2.x (COMET / CometKiwi on an XLM-R encoder) and HF DebertaV2Model (DeBERTa-v2/v3
reward models), plus the XLM-R sequence-classification head of HF reward models.

Imported by tests/neural/make_tiny_models.py (reference scores of the tiny models) and by
bench/torch_encoder_throughput.py (the PyTorch side of the encoder benchmark). Nothing here is copied
from transformers or COMET: each step is written from that description, and the comments name the HF
or COMET class or function it follows.

Conventions:
  * Everything is float32 on the CPU; callers run under torch.inference_mode().
  * Weights are plain state dicts (name -> tensor) with the released tensor names below a prefix
    ("encoder.model." for COMET, "roberta." / "deberta." for HF sequence classifiers).
  * Batches are padded (right padding) with an attention mask, exactly as HF / COMET run them:
    XLM-R adds (1 - mask) * finfo(float32).min to the attention scores; DeBERTa uses the 2-D mask
    m_i * m_j with a masked softmax (fill with finfo.min, softmax, zero the masked entries: XSoftmax).
    Padding therefore changes nothing for the real tokens, up to floating-point order.
  * Token-id helpers return plain Python lists of ints (special tokens included).
"""
import dataclasses
import math
from typing import Dict, List, Sequence, Tuple

import torch
import torch.nn.functional as F

StateDict = Dict[str, torch.Tensor]

# --------------------------------------------------------------------------------------------------
# Configurations
# --------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class XlmrConfig:
    """HF XLMRobertaConfig fields the encoder math needs."""
    vocab_size: int
    hidden_size: int = 64
    num_layers: int = 2
    num_heads: int = 4
    intermediate_size: int = 128
    max_position_embeddings: int = 514
    type_vocab_size: int = 1
    pad_token_id: int = 1
    layer_norm_eps: float = 1e-5


@dataclasses.dataclass
class DebertaConfig:
    """HF DebertaV2Config fields the encoder math needs (only the v3 variant: shared keys,
    c2p + p2c, log buckets, relative-embedding LayerNorm, no absolute positions, no token types)."""
    vocab_size: int
    hidden_size: int = 64
    num_layers: int = 2
    num_heads: int = 4
    intermediate_size: int = 128
    max_position_embeddings: int = 512
    position_buckets: int = 256
    max_relative_positions: int = -1   # < 1: max_position_embeddings
    pad_token_id: int = 0
    layer_norm_eps: float = 1e-7


# --------------------------------------------------------------------------------------------------
# Token ids (HF XLMRobertaTokenizer for XLM-R / COMET / CometKiwi; DebertaV2Tokenizer for DeBERTa-v3)
# --------------------------------------------------------------------------------------------------

# XLM-R model ids of the special tokens (fairseq dictionary order).
XLMR_BOS, XLMR_PAD, XLMR_EOS, XLMR_UNK = 0, 1, 2, 3
# DeBERTa-v3 ids = SentencePiece ids.
DEBERTA_PAD, DEBERTA_CLS, DEBERTA_SEP, DEBERTA_UNK = 0, 1, 2, 3


def xlmr_piece_ids(spm_ids: Sequence[int]) -> List[int]:
    """SentencePiece ids -> XLM-R model ids (HF XLMRobertaTokenizer): the fairseq offset +1, except spm id 0
    (<unk>) which becomes the model's <unk> = 3."""
    return [i + 1 if i > 0 else XLMR_UNK for i in spm_ids]


def xlmr_mask_id(spm_size: int) -> int:
    """<mask> = len(sp_model) + fairseq offset 1 (so vocab_size = spm_size + 2)."""
    return spm_size + 1


def xlmr_single(pieces: Sequence[int], max_length: int = 510) -> List[int]:
    """`<s> pieces </s>` truncated to max_length ids INCLUDING the two specials (COMET
    tokenizes each field with truncation=True, max_length = max_positions - 2 = 510). The pieces are
    cut from the right; </s> is always kept."""
    keep = max(0, max_length - 2)
    return [XLMR_BOS] + list(pieces[:keep]) + [XLMR_EOS]


def kiwi_concat(mt_ids: Sequence[int], src_ids: Sequence[int], max_positions: int = 512) -> List[int]:
    """CometKiwi input (COMET's concat_sequences): each field first encoded with xlmr_single (<= 510 ids), then
    `<s> mt </s> </s> src </s>`; when the two piece counts add up to more than
    max_positions - (1 + 2*2) = 507, the sequence is cut to its first max_positions ids (a plain
    cut: the final </s> is dropped when the sum is 509 or more)."""
    mt_pieces, src_pieces = list(mt_ids[1:-1]), list(src_ids[1:-1])
    seq = [XLMR_BOS] + mt_pieces + [XLMR_EOS, XLMR_EOS] + src_pieces + [XLMR_EOS]
    if len(mt_pieces) + len(src_pieces) > max_positions - (1 + 2 * 2):
        seq = seq[:max_positions]
    return seq


def truncate_longest_first(a: Sequence[int], b: Sequence[int], num_to_remove: int) -> Tuple[List[int], List[int]]:
    """HF slow-tokenizer "longest_first" pair truncation: remove one id at a time from the end of the
    longer list; on a tie, from the second (pair) list."""
    a, b = list(a), list(b)
    for _ in range(max(0, num_to_remove)):
        if len(a) > len(b):
            a.pop()
        else:
            b.pop()
    return a, b


def xlmr_pair(prompt_pieces: Sequence[int], response_pieces: Sequence[int], max_length: int = 512) -> List[int]:
    """XLM-R reward-model pair input `<s> prompt </s></s> response </s>` (4 specials) with
    longest_first truncation to max_length ids in all (default 512, the XLM-R model_max_length)."""
    excess = len(prompt_pieces) + len(response_pieces) + 4 - max_length
    a, b = truncate_longest_first(prompt_pieces, response_pieces, excess)
    return [XLMR_BOS] + a + [XLMR_EOS, XLMR_EOS] + b + [XLMR_EOS]


def deberta_pair(prompt_pieces: Sequence[int], response_pieces: Sequence[int]) -> List[int]:
    """DeBERTa-v3 reward-model pair input `[CLS] prompt [SEP] response [SEP]` (HF DebertaV2Tokenizer); no
    truncation (model_max_length is effectively unbounded)."""
    return [DEBERTA_CLS] + list(prompt_pieces) + [DEBERTA_SEP] + list(response_pieces) + [DEBERTA_SEP]


def pad_batch(seqs: Sequence[Sequence[int]], pad_id: int) -> Tuple[torch.Tensor, torch.Tensor]:
    """Right-pads id lists to the longest one: (input_ids [B, T] int64, attention_mask [B, T] int64)
    with mask = position < length."""
    longest = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), longest), pad_id, dtype=torch.long)
    mask = torch.zeros((len(seqs), longest), dtype=torch.long)
    for row, seq in enumerate(seqs):
        ids[row, :len(seq)] = torch.tensor(list(seq), dtype=torch.long)
        mask[row, :len(seq)] = 1
    return ids, mask


# --------------------------------------------------------------------------------------------------
# Shared pieces
# --------------------------------------------------------------------------------------------------


def _linear(sd: StateDict, name: str, x: torch.Tensor) -> torch.Tensor:
    """y = x W^T + b with W [out, in] (torch Linear layout)."""
    return F.linear(x, sd[name + ".weight"], sd[name + ".bias"])


def _layer_norm(sd: StateDict, name: str, x: torch.Tensor, eps: float) -> torch.Tensor:
    """(x - mean) / sqrt(biased var + eps) * g + b over the last dim."""
    return F.layer_norm(x, (x.shape[-1],), sd[name + ".weight"], sd[name + ".bias"], eps)


def _gelu(x: torch.Tensor) -> torch.Tensor:
    """Exact GELU: 0.5 z (1 + erf(z / sqrt 2)) (HF hidden_act "gelu")."""
    return F.gelu(x)


def _split_heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    """[B, T, H*d] -> [B, H, T, d]."""
    b, t, hd = x.shape
    return x.view(b, t, heads, hd // heads).permute(0, 2, 1, 3)


def _merge_heads(x: torch.Tensor) -> torch.Tensor:
    """[B, H, T, d] -> [B, T, H*d]."""
    b, h, t, d = x.shape
    return x.permute(0, 2, 1, 3).contiguous().view(b, t, h * d)


# --------------------------------------------------------------------------------------------------
# XLM-R encoder (HF XLMRobertaModel, post-LN)
# --------------------------------------------------------------------------------------------------


def xlmr_encoder(sd: StateDict, prefix: str, cfg: XlmrConfig, input_ids: torch.Tensor,
                 attention_mask: torch.Tensor) -> List[torch.Tensor]:
    """All hidden states [embeddings output, layer 1, ..., layer L], each [B, T, hidden] (COMET
    mixes all L+1 of them)."""
    p = prefix
    # Positions count real tokens from padding_idx + 1: first real token -> 2, pads -> 1.
    real = (input_ids != cfg.pad_token_id).long()
    position_ids = torch.cumsum(real, dim=1) * real + cfg.pad_token_id
    x = (F.embedding(input_ids, sd[p + "embeddings.word_embeddings.weight"])
         + F.embedding(position_ids, sd[p + "embeddings.position_embeddings.weight"])
         + sd[p + "embeddings.token_type_embeddings.weight"][0])
    x = _layer_norm(sd, p + "embeddings.LayerNorm", x, cfg.layer_norm_eps)
    hidden = [x]
    # Additive mask (1 - mask) * finfo(float32).min over the key positions (as HF XLMRobertaModel).
    additive = (1.0 - attention_mask[:, None, None, :].to(torch.float32)) * torch.finfo(torch.float32).min
    head_dim = cfg.hidden_size // cfg.num_heads
    for layer in range(cfg.num_layers):
        lp = f"{p}encoder.layer.{layer}."
        q = _split_heads(_linear(sd, lp + "attention.self.query", x), cfg.num_heads)
        k = _split_heads(_linear(sd, lp + "attention.self.key", x), cfg.num_heads)
        v = _split_heads(_linear(sd, lp + "attention.self.value", x), cfg.num_heads)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(head_dim) + additive
        context = _merge_heads(torch.matmul(torch.softmax(scores, dim=-1), v))
        attn = _linear(sd, lp + "attention.output.dense", context)
        x = _layer_norm(sd, lp + "attention.output.LayerNorm", attn + x, cfg.layer_norm_eps)
        ffn = _gelu(_linear(sd, lp + "intermediate.dense", x))
        x = _layer_norm(sd, lp + "output.LayerNorm", _linear(sd, lp + "output.dense", ffn) + x, cfg.layer_norm_eps)
        hidden.append(x)
    return hidden


# --------------------------------------------------------------------------------------------------
# DeBERTa-v2/v3 encoder (HF DebertaV2Model)
# --------------------------------------------------------------------------------------------------


def deberta_log_bucket(rel: torch.Tensor, bucket_size: int, max_position: int) -> torch.Tensor:
    """Log-bucketed relative position, float32 log / ceil as in HF make_log_bucket_position:
    |rel| <= mid (= bucket_size // 2) stays; else sign(rel) * (ceil(log(|rel|/mid) /
    log((max_position-1)/mid) * (mid-1)) + mid). Checked against
    tests/neural/fixtures/deberta_log_buckets.json by the self-test below."""
    mid = bucket_size // 2
    sign = torch.sign(rel)
    inside = (rel < mid) & (rel > -mid)
    abs_pos = torch.where(inside, torch.full_like(rel, mid - 1), rel.abs())
    log_pos = torch.ceil(torch.log(abs_pos / mid) / torch.log(torch.tensor((max_position - 1) / mid))
                         * (mid - 1)) + mid
    return torch.where(abs_pos <= mid, rel.to(log_pos.dtype), log_pos * sign).long()


def deberta_relative_positions(length: int, cfg: DebertaConfig) -> torch.Tensor:
    """[T, T] bucketed i - j (query i, key j) (HF build_relative_position)."""
    pos = torch.arange(length)
    rel = pos[:, None] - pos[None, :]
    max_rel = cfg.max_relative_positions if cfg.max_relative_positions >= 1 else cfg.max_position_embeddings
    if cfg.position_buckets > 0 and max_rel > 0:
        rel = deberta_log_bucket(rel, cfg.position_buckets, max_rel)
    return rel


def deberta_encoder(sd: StateDict, prefix: str, cfg: DebertaConfig, input_ids: torch.Tensor,
                    attention_mask: torch.Tensor) -> List[torch.Tensor]:
    """All hidden states [embeddings output, layer 1, ..., layer L], each [B, T, hidden] (HF DebertaV2Model)."""
    p = prefix
    b, t = input_ids.shape
    heads = cfg.num_heads
    head_dim = cfg.hidden_size // heads
    maskf = attention_mask.to(torch.float32)
    # Embeddings: LayerNorm(word_emb[ids]) times the mask (no absolute positions, no token types).
    x = _layer_norm(sd, p + "embeddings.LayerNorm", F.embedding(input_ids, sd[p + "embeddings.word_embeddings.weight"]),
                    cfg.layer_norm_eps)
    x = x * maskf.unsqueeze(-1)
    hidden = [x]
    # 2-D mask m_i * m_j, [B, 1, T, T].
    pair_mask = (maskf[:, None, :, None] * maskf[:, None, None, :]).bool()
    # Relative embeddings: rows 0 .. 2*att_span-1 through encoder.LayerNorm (norm_rel_ebd="layer_norm").
    max_rel = cfg.max_relative_positions if cfg.max_relative_positions >= 1 else cfg.max_position_embeddings
    att_span = cfg.position_buckets if cfg.position_buckets > 0 else max_rel
    rel_emb = _layer_norm(sd, p + "encoder.LayerNorm", sd[p + "encoder.rel_embeddings.weight"][0:2 * att_span],
                          cfg.layer_norm_eps)
    rel_pos = deberta_relative_positions(t, cfg)
    c2p_index = torch.clamp(rel_pos + att_span, 0, 2 * att_span - 1)
    p2c_index = torch.clamp(-rel_pos + att_span, 0, 2 * att_span - 1)
    scale = math.sqrt(head_dim * 3)   # 1 + |{c2p, p2c}| = 3
    for layer in range(cfg.num_layers):
        lp = f"{p}encoder.layer.{layer}."
        q = _split_heads(_linear(sd, lp + "attention.self.query_proj", x), heads)   # [B, H, T, d]
        k = _split_heads(_linear(sd, lp + "attention.self.key_proj", x), heads)
        v = _split_heads(_linear(sd, lp + "attention.self.value_proj", x), heads)
        # share_att_key: the relative embeddings go through this layer's query/key projections.
        pos_q = _split_heads(_linear(sd, lp + "attention.self.query_proj", rel_emb)[None], heads)  # [1, H, 2S, d]
        pos_k = _split_heads(_linear(sd, lp + "attention.self.key_proj", rel_emb)[None], heads)
        scores = torch.matmul(q, k.transpose(-1, -2) / scale)
        # c2p[i, j] = q_i . pos_k[clamp(bucket(i - j) + S)]
        c2p = torch.gather(torch.matmul(q, pos_k.transpose(-1, -2)), -1, c2p_index.expand(b, heads, t, t))
        # p2c: G[x, y] = k_x . pos_q[clamp(-bucket(x - y) + S)], then p2c[i, j] = G[j, i]
        #      = k_j . pos_q[clamp(bucket(i - j) + S)] (the bucket function is odd).
        p2c = torch.gather(torch.matmul(k, pos_q.transpose(-1, -2)), -1, p2c_index.expand(b, heads, t, t))
        p2c = p2c.transpose(-1, -2)
        scores = scores + (c2p / scale + p2c / scale)
        # XSoftmax: fill masked with finfo.min, softmax, zero the masked entries.
        scores = scores.masked_fill(~pair_mask, torch.finfo(torch.float32).min)
        probs = torch.softmax(scores, dim=-1).masked_fill(~pair_mask, 0.0)
        context = _merge_heads(torch.matmul(probs, v))
        attn = _linear(sd, lp + "attention.output.dense", context)
        x = _layer_norm(sd, lp + "attention.output.LayerNorm", attn + x, cfg.layer_norm_eps)
        ffn = _gelu(_linear(sd, lp + "intermediate.dense", x))
        x = _layer_norm(sd, lp + "output.LayerNorm", _linear(sd, lp + "output.dense", ffn) + x, cfg.layer_norm_eps)
        hidden.append(x)
    return hidden


# --------------------------------------------------------------------------------------------------
# COMET heads (unbabel-comet 2.2.x)
# --------------------------------------------------------------------------------------------------


def sparsemax(w: torch.Tensor) -> torch.Tensor:
    """sparsemax of a 1-D float32 vector (as entmax 1.x computes it): z = w - max(w); sort descending;
    c = cumsum - 1; support = (1..n) * z_sorted > c; k = |support|; tau = c[k-1] / k;
    p = max(z - tau, 0)."""
    z = w - w.max()
    zs, _ = torch.sort(z, descending=True)
    c = torch.cumsum(zs, dim=0) - 1
    rho = torch.arange(1, z.numel() + 1, dtype=z.dtype)
    k = int((rho * zs > c).sum())
    tau = c[k - 1] / k
    return torch.clamp(z - tau, min=0)


def layer_mix(hidden: Sequence[torch.Tensor], scalar_parameters: Sequence[torch.Tensor], gamma: torch.Tensor,
              transform: str) -> torch.Tensor:
    """Scalar mix without layer norm (COMET's LayerwiseAttention): p = transform(concat(scalar_parameters)),
    E = gamma * sum_k p_k * hidden[k], accumulated k = 0 .. L in order (Python sum from 0)."""
    w = torch.cat([s.reshape(1) for s in scalar_parameters])
    if transform == "softmax":
        p = torch.softmax(w, dim=0)
    elif transform == "sparsemax":
        p = sparsemax(w)
    else:
        raise ValueError(f"unknown layer transformation {transform!r}")
    pieces = [weight * h for weight, h in zip(torch.split(p, 1), hidden)]
    return gamma * sum(pieces)


def comet_mix_weights(sd: StateDict, num_layers: int) -> Tuple[List[torch.Tensor], torch.Tensor]:
    """layerwise_attention.scalar_parameters.{0..L} ([1] each) and layerwise_attention.gamma ([1])."""
    return ([sd[f"layerwise_attention.scalar_parameters.{k}"] for k in range(num_layers + 1)],
            sd["layerwise_attention.gamma"])


def average_pool(input_ids: torch.Tensor, embeddings: torch.Tensor, attention_mask: torch.Tensor,
                 pad_id: int = XLMR_PAD) -> torch.Tensor:
    """comet-da "avg" pooling: zero the rows whose id is the pad id, sum over positions,
    divide by the attention-mask sum (which counts <s> and </s>)."""
    summed = embeddings.masked_fill((input_ids == pad_id).unsqueeze(-1), 0.0).sum(dim=1)
    return summed / attention_mask.unsqueeze(-1).expand(embeddings.shape).to(torch.float32).sum(dim=1)


def feed_forward(sd: StateDict, prefix: str, x: torch.Tensor, num_linear: int) -> torch.Tensor:
    """COMET estimator nn.Sequential: Linear, Tanh, Dropout, ..., Linear (no final
    activation); the Linear layers sit at indices 0, 3, 6, ... Dropout is inactive."""
    for i in range(num_linear):
        x = _linear(sd, f"{prefix}{3 * i}", x)
        if i + 1 < num_linear:
            x = torch.tanh(x)
    return x


def comet_da_sentence_embeddings(sd: StateDict, cfg: XlmrConfig, seqs: Sequence[Sequence[int]],
                                 transforms: Sequence[str]) -> Dict[str, torch.Tensor]:
    """One padded batch of one field -> {transform: mixed, avg-pooled sentence embeddings [B, hidden]}
    (the encoder runs once for all the transforms asked)."""
    ids, mask = pad_batch(seqs, cfg.pad_token_id)
    hidden = xlmr_encoder(sd, "encoder.model.", cfg, ids, mask)
    params, gamma = comet_mix_weights(sd, cfg.num_layers)
    return {t: average_pool(ids, layer_mix(hidden, params, gamma, t), mask, cfg.pad_token_id) for t in transforms}


def comet_da_scores(sd: StateDict, cfg: XlmrConfig, src: Sequence[Sequence[int]], mt: Sequence[Sequence[int]],
                    ref: Sequence[Sequence[int]], transforms: Sequence[str] = ("sparsemax",),
                    num_linear: int = 3) -> Dict[str, Tuple[torch.Tensor, Dict[str, torch.Tensor]]]:
    """wmt22-comet-da RegressionMetric: src, mt and ref encoded as three independent
    padded batches; features [mt, ref, mt*ref, |mt-ref|, mt*src, |mt-src|] -> estimator -> [B].
    Returns {transform: (scores [B], {"src"|"mt"|"ref": sentence embeddings [B, hidden]})}."""
    emb = {name: comet_da_sentence_embeddings(sd, cfg, seqs, transforms)
           for name, seqs in (("src", src), ("mt", mt), ("ref", ref))}
    result = {}
    for t in transforms:
        s, m, r = emb["src"][t], emb["mt"][t], emb["ref"][t]
        features = torch.cat((m, r, m * r, torch.abs(m - r), m * s, torch.abs(m - s)), dim=1)
        result[t] = (feed_forward(sd, "estimator.ff.", features, num_linear).view(-1), {"src": s, "mt": m, "ref": r})
    return result


def cometkiwi_scores(sd: StateDict, cfg: XlmrConfig, seqs: Sequence[Sequence[int]],
                     transforms: Sequence[str] = ("softmax",), num_linear: int = 3) -> Dict[str, torch.Tensor]:
    """wmt22-cometkiwi-da UnifiedMetric: one padded batch of kiwi_concat sequences,
    scalar mix (softmax in effect in every 2.2.x but 2.2.5), E[:, 0, :] (the <s> position), estimator.
    Returns {transform: scores [B]}."""
    ids, mask = pad_batch(seqs, cfg.pad_token_id)
    hidden = xlmr_encoder(sd, "encoder.model.", cfg, ids, mask)
    params, gamma = comet_mix_weights(sd, cfg.num_layers)
    return {t: feed_forward(sd, "estimator.ff.", layer_mix(hidden, params, gamma, t)[:, 0, :], num_linear).view(-1)
            for t in transforms}


# --------------------------------------------------------------------------------------------------
# Sequence-classification reward-model heads (HF layouts)
# --------------------------------------------------------------------------------------------------


def rm_xlmr_scores(sd: StateDict, cfg: XlmrConfig, seqs: Sequence[Sequence[int]]) -> torch.Tensor:
    """XLMRobertaForSequenceClassification with num_labels 1: the <s> state of the last layer ->
    classifier.dense -> tanh -> classifier.out_proj (RobertaClassificationHead) -> [B] raw logits."""
    ids, mask = pad_batch(seqs, cfg.pad_token_id)
    last = xlmr_encoder(sd, "roberta.", cfg, ids, mask)[-1]
    x = torch.tanh(_linear(sd, "classifier.dense", last[:, 0, :]))
    return _linear(sd, "classifier.out_proj", x).view(-1)


def rm_deberta_scores(sd: StateDict, cfg: DebertaConfig, seqs: Sequence[Sequence[int]]) -> torch.Tensor:
    """DebertaV2ForSequenceClassification with num_labels 1: ContextPooler = pooler.dense on
    the token-0 state of the last layer + GELU, then classifier -> [B] raw logits."""
    ids, mask = pad_batch(seqs, cfg.pad_token_id)
    last = deberta_encoder(sd, "deberta.", cfg, ids, mask)[-1]
    pooled = _gelu(_linear(sd, "pooler.dense", last[:, 0, :]))
    return _linear(sd, "classifier", pooled).view(-1)


# --------------------------------------------------------------------------------------------------
# Random weights in the released tensor layouts
# --------------------------------------------------------------------------------------------------


class RandomInit:
    """Seeded random tensors. Matrices ~ N(0, matrix_std^2) (HF's 0.02 is too small to exercise the
    math of a 64-wide model), LayerNorm weights 1 + N(0, noise^2), biases and LayerNorm biases
    N(0, noise^2)."""

    def __init__(self, seed: int, matrix_std: float = 0.2, noise: float = 0.1):
        self.gen = torch.Generator().manual_seed(seed)
        self.matrix_std = matrix_std
        self.noise = noise

    def normal(self, shape, std: float) -> torch.Tensor:
        return torch.randn(shape, generator=self.gen, dtype=torch.float32) * std

    def matrix(self, shape, std: float = None) -> torch.Tensor:
        return self.normal(shape, self.matrix_std if std is None else std)

    def bias(self, n: int) -> torch.Tensor:
        return self.normal((n,), self.noise)

    def linear(self, sd: StateDict, name: str, n_out: int, n_in: int, std: float = None) -> None:
        sd[name + ".weight"] = self.matrix((n_out, n_in), std)
        sd[name + ".bias"] = self.bias(n_out)

    def layer_norm(self, sd: StateDict, name: str, n: int) -> None:
        sd[name + ".weight"] = 1.0 + self.normal((n,), self.noise)
        sd[name + ".bias"] = self.bias(n)


def random_xlmr_encoder(init: RandomInit, cfg: XlmrConfig, prefix: str, sd: StateDict = None,
                        position_ids_buffer: bool = False) -> StateDict:
    """XLM-R encoder tensors (HF names) below `prefix`, in HF's state-dict order. The pad
    row of word_embeddings and position_embeddings is random too (HF zeroes it at init, but a trained
    checkpoint need not keep it so, and the math never reads it for real tokens).
    position_ids_buffer: also the int64 embeddings.position_ids [1, max_positions] buffer that
    transformers < 4.31 saved in state dicts (loaders must ignore it)."""
    sd = {} if sd is None else sd
    h, p = cfg.hidden_size, prefix
    if position_ids_buffer:
        sd[p + "embeddings.position_ids"] = torch.arange(cfg.max_position_embeddings, dtype=torch.long)[None]
    sd[p + "embeddings.word_embeddings.weight"] = init.matrix((cfg.vocab_size, h))
    sd[p + "embeddings.position_embeddings.weight"] = init.matrix((cfg.max_position_embeddings, h))
    sd[p + "embeddings.token_type_embeddings.weight"] = init.matrix((cfg.type_vocab_size, h))
    init.layer_norm(sd, p + "embeddings.LayerNorm", h)
    for layer in range(cfg.num_layers):
        lp = f"{p}encoder.layer.{layer}."
        for name in ("query", "key", "value"):
            init.linear(sd, lp + "attention.self." + name, h, h)
        init.linear(sd, lp + "attention.output.dense", h, h)
        init.layer_norm(sd, lp + "attention.output.LayerNorm", h)
        init.linear(sd, lp + "intermediate.dense", cfg.intermediate_size, h)
        init.linear(sd, lp + "output.dense", h, cfg.intermediate_size)
        init.layer_norm(sd, lp + "output.LayerNorm", h)
    return sd


def random_deberta_encoder(init: RandomInit, cfg: DebertaConfig, prefix: str, sd: StateDict = None,
                           position_ids_buffer: bool = False) -> StateDict:
    """DeBERTa-v3 encoder tensors (HF names) below `prefix`, in HF's state-dict order:
    rel_embeddings has 2 * position_buckets rows. position_ids_buffer: as random_xlmr_encoder."""
    sd = {} if sd is None else sd
    h, p = cfg.hidden_size, prefix
    if position_ids_buffer:
        sd[p + "embeddings.position_ids"] = torch.arange(cfg.max_position_embeddings, dtype=torch.long)[None]
    sd[p + "embeddings.word_embeddings.weight"] = init.matrix((cfg.vocab_size, h))
    init.layer_norm(sd, p + "embeddings.LayerNorm", h)
    for layer in range(cfg.num_layers):
        lp = f"{p}encoder.layer.{layer}."
        for name in ("query_proj", "key_proj", "value_proj"):
            init.linear(sd, lp + "attention.self." + name, h, h)
        init.linear(sd, lp + "attention.output.dense", h, h)
        init.layer_norm(sd, lp + "attention.output.LayerNorm", h)
        init.linear(sd, lp + "intermediate.dense", cfg.intermediate_size, h)
        init.linear(sd, lp + "output.dense", h, cfg.intermediate_size)
        init.layer_norm(sd, lp + "output.LayerNorm", h)
    sd[p + "encoder.rel_embeddings.weight"] = init.matrix((2 * cfg.position_buckets, h))
    init.layer_norm(sd, p + "encoder.LayerNorm", h)
    return sd


def random_comet_head(init: RandomInit, num_layers: int, mix: Sequence[float], gamma: float, in_dim: int,
                      hidden_sizes: Sequence[int], sd: StateDict) -> StateDict:
    """COMET layerwise_attention (scalar_parameters.{0..L} [1], gamma [1], the dropout_mask (zeros) and
    dropout_fill (-1e20) buffers COMET checkpoints carry) and estimator.ff.{0,3,6,...} Linear layers. The estimator
    matrices are N(0, 1/in_dim) (not matrix_std): unit-variance pre-activations keep tanh responsive,
    so the scores depend on the inputs."""
    assert len(mix) == num_layers + 1
    for k, value in enumerate(mix):
        sd[f"layerwise_attention.scalar_parameters.{k}"] = torch.tensor([value], dtype=torch.float32)
    sd["layerwise_attention.gamma"] = torch.tensor([gamma], dtype=torch.float32)
    sd["layerwise_attention.dropout_mask"] = torch.zeros(num_layers + 1)
    sd["layerwise_attention.dropout_fill"] = torch.full((num_layers + 1,), -1e20)
    dims = [in_dim] + list(hidden_sizes) + [1]
    for i in range(len(dims) - 1):
        init.linear(sd, f"estimator.ff.{3 * i}", dims[i + 1], dims[i], 1.0 / math.sqrt(dims[i]))
    return sd


# --------------------------------------------------------------------------------------------------
# Self-test: `/usr/bin/python3 tests/neural/torch_reference.py [deberta_log_buckets.json]`
# Checks the reference against independent formulations (not against the code under test).
# --------------------------------------------------------------------------------------------------


def _self_test(bucket_table_path: str = None) -> None:
    import json
    torch.set_num_threads(1)
    init = RandomInit(seed=99)
    with torch.inference_mode():
        # 1. XLM-R layers == torch.nn.TransformerEncoderLayer (post-LN, GELU, key padding mask).
        cfg = XlmrConfig(vocab_size=50, hidden_size=32, num_layers=2, num_heads=4, intermediate_size=48)
        sd = random_xlmr_encoder(init, cfg, "m.")
        seqs = [[0, 5, 6, 7, 2], [0, 9, 2], [0, 2]]
        ids, mask = pad_batch(seqs, cfg.pad_token_id)
        hidden = xlmr_encoder(sd, "m.", cfg, ids, mask)
        x = hidden[0]
        for layer in range(cfg.num_layers):
            lp = f"m.encoder.layer.{layer}."
            mod = torch.nn.TransformerEncoderLayer(cfg.hidden_size, cfg.num_heads, cfg.intermediate_size, dropout=0.0,
                                                   activation="gelu", layer_norm_eps=cfg.layer_norm_eps,
                                                   batch_first=True).eval()
            sa = mod.self_attn
            qkv = ("query", "key", "value")
            sa.in_proj_weight.copy_(torch.cat([sd[lp + f"attention.self.{n}.weight"] for n in qkv]))
            sa.in_proj_bias.copy_(torch.cat([sd[lp + f"attention.self.{n}.bias"] for n in qkv]))
            for dst, src in ((sa.out_proj, "attention.output.dense"), (mod.linear1, "intermediate.dense"),
                             (mod.linear2, "output.dense"), (mod.norm1, "attention.output.LayerNorm"),
                             (mod.norm2, "output.LayerNorm")):
                dst.weight.copy_(sd[lp + src + ".weight"])
                dst.bias.copy_(sd[lp + src + ".bias"])
            x = mod(x, src_key_padding_mask=~mask.bool())
            real = mask.bool()
            diff = (x[real] - hidden[layer + 1][real]).abs().max().item()
            assert diff < 1e-5, f"XLM-R layer {layer} differs from nn.TransformerEncoderLayer by {diff}"
        # position ids: first real token -> 2, pads -> 1
        pos = torch.cumsum((ids != 1).long(), 1) * (ids != 1).long() + 1
        assert pos[2].tolist() == [2, 3, 1, 1, 1], pos

        # 2. DeBERTa attention == the element-wise c2p + p2c formula below (one unpadded sequence).
        dcfg = DebertaConfig(vocab_size=40, hidden_size=16, num_layers=1, num_heads=2, intermediate_size=24,
                             position_buckets=4, max_position_embeddings=16)
        dsd = random_deberta_encoder(init, dcfg, "d.")
        seq = list(range(4, 24))   # 20 tokens: |i - j| up to 19 > the 2 exact buckets
        t = len(seq)
        ids, mask = pad_batch([seq, seq[:5]], 0)
        got = deberta_encoder(dsd, "d.", dcfg, ids, mask)
        x0 = got[0][0]
        lp = "d.encoder.layer.0."
        span = dcfg.position_buckets
        r = F.layer_norm(dsd["d.encoder.rel_embeddings.weight"], (16,), dsd["d.encoder.LayerNorm.weight"],
                         dsd["d.encoder.LayerNorm.bias"], dcfg.layer_norm_eps)
        q, k, v = (F.linear(x0, dsd[lp + f"attention.self.{n}.weight"], dsd[lp + f"attention.self.{n}.bias"])
                   for n in ("query_proj", "key_proj", "value_proj"))
        pq = F.linear(r, dsd[lp + "attention.self.query_proj.weight"], dsd[lp + "attention.self.query_proj.bias"])
        pk = F.linear(r, dsd[lp + "attention.self.key_proj.weight"], dsd[lp + "attention.self.key_proj.bias"])
        d = 8
        ctx = torch.zeros(t, 16)
        for h in range(2):
            sl = slice(h * d, (h + 1) * d)
            s = torch.zeros(t, t)
            for i in range(t):
                for j in range(t):
                    b = int(deberta_log_bucket(torch.tensor(i - j), span, dcfg.max_position_embeddings))
                    idx = min(max(b + span, 0), 2 * span - 1)
                    s[i, j] = (q[i, sl] @ k[j, sl] + q[i, sl] @ pk[idx, sl] + k[j, sl] @ pq[idx, sl]) / math.sqrt(d * 3)
            ctx[:, sl] = torch.softmax(s, -1) @ v[:, sl]
        attn_out = F.linear(ctx, dsd[lp + "attention.output.dense.weight"], dsd[lp + "attention.output.dense.bias"])
        a = F.layer_norm(attn_out + x0, (16,), dsd[lp + "attention.output.LayerNorm.weight"],
                         dsd[lp + "attention.output.LayerNorm.bias"], dcfg.layer_norm_eps)
        f = F.gelu(F.linear(a, dsd[lp + "intermediate.dense.weight"], dsd[lp + "intermediate.dense.bias"]))
        y = F.layer_norm(F.linear(f, dsd[lp + "output.dense.weight"], dsd[lp + "output.dense.bias"]) + a, (16,),
                         dsd[lp + "output.LayerNorm.weight"], dsd[lp + "output.LayerNorm.bias"], dcfg.layer_norm_eps)
        diff = (y - got[1][0]).abs().max().item()
        assert diff < 1e-5, f"DeBERTa layer differs from the element-wise formula by {diff}"
        short = deberta_encoder(dsd, "d.", dcfg, *pad_batch([seq[:5]], 0))[1][0]
        diff = (short - got[1][1, :5]).abs().max().item()
        assert diff < 1e-5, f"DeBERTa padding changes the real tokens by {diff}"

        # 3. sparsemax == Euclidean projection onto the simplex (bisection on tau).
        for w in (torch.tensor([0.1, 0.6, 0.9]), torch.tensor([0.3, -0.2, 0.5]), torch.randn(25, generator=init.gen)):
            lo, hi = float(w.min()) - 1, float(w.max())
            for _ in range(200):
                tau = (lo + hi) / 2
                lo, hi = (tau, hi) if float(torch.clamp(w - tau, min=0).sum()) > 1 else (lo, tau)
            diff = (sparsemax(w) - torch.clamp(w - lo, min=0)).abs().max().item()
            assert diff < 1e-6, f"sparsemax({w.tolist()}) off by {diff}"
        assert sparsemax(torch.tensor([0.1, 0.6, 0.9])).tolist() == _approx([0.0, 0.35, 0.65])

        # 4. token-id conventions
        assert xlmr_piece_ids([0, 3, 10]) == [3, 4, 11]
        assert len(xlmr_single(list(range(4, 604)))) == 510 and xlmr_single(list(range(4, 604)))[-2:] == [511, 2]
        assert kiwi_concat([0, 5, 2], [0, 6, 7, 2]) == [0, 5, 2, 2, 6, 7, 2]
        assert kiwi_concat(xlmr_single([5] * 255), xlmr_single([6] * 254))[-1] == 6    # 513 ids -> 512
        assert kiwi_concat(xlmr_single([5] * 254), xlmr_single([6] * 254))[-1] == 2    # 512 ids, kept
        a, b = truncate_longest_first([1] * 300, [2] * 400, 192)
        assert (len(a), len(b)) == (254, 254)
        a, b = truncate_longest_first([1] * 3, [2] * 3, 1)
        assert (len(a), len(b)) == (3, 2)
        assert deberta_pair([7], []) == [1, 7, 2, 2]

    # 5. bucket table of tests/neural/fixtures/deberta_log_buckets.json (all rel in [-1023, 1023]).
    if bucket_table_path:
        with open(bucket_table_path) as f:
            table = json.load(f)
        rel = torch.tensor([int(r) for r in table["table"]])
        got = deberta_log_bucket(rel, table["bucket_size"], table["max_position"]).tolist()
        bad = [(int(r), g, table["table"][r]) for r, g in zip(table["table"], got) if g != table["table"][r]]
        assert not bad, f"bucket table mismatches: {bad[:5]}"
        print(f"bucket table: {len(got)} entries match")
    print("torch_reference self-test passed")


def _approx(values, tol=1e-6):
    """A list that compares equal to float lists within tol (for the self-test)."""
    class Approx(list):
        def __eq__(self, other):
            return len(other) == len(self) and all(abs(a - b) <= tol for a, b in zip(self, other))
    return Approx(values)


if __name__ == "__main__":
    import sys
    _self_test(sys.argv[1] if len(sys.argv) > 1 else None)
