"""BERT encoder + classifier head with random weights, shaped like a TensorRT BERT engine.

Weights come from a transformers BertModel built from a BertConfig (random init, nothing downloaded);
the forward pass is our own fused one (one QKV GEMM per layer, scaled-dot-product attention with an
additive mask, FP16 on the GPU), so it captures into a CUDA graph regardless of the transformers
version. Inputs are INT32 [b, seq]; ids are reduced modulo the vocabulary (perf_analyzer sends random
integers) and any non-zero mask value counts as 1. Output: FP32 logits [b, 2].
"""

from __future__ import annotations

import logging
from typing import List, Tuple

import torch
import torch.nn.functional as F

from spec import VOCAB_SIZE, NetworkSpec

LOG = logging.getLogger("serve.bert")
MAX_POSITIONS = 512


class _Layer(torch.nn.Module):
    def __init__(self, hidden: int, heads: int, inter: int):
        super().__init__()
        self.heads = heads
        self.qkv = torch.nn.Linear(hidden, 3 * hidden)
        self.attn_out = torch.nn.Linear(hidden, hidden)
        self.ln1 = torch.nn.LayerNorm(hidden, eps=1e-12)
        self.ffn_in = torch.nn.Linear(hidden, inter)
        self.ffn_out = torch.nn.Linear(inter, hidden)
        self.ln2 = torch.nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, s, h = x.shape
        d = h // self.heads
        qkv = self.qkv(x).view(b, s, 3, self.heads, d).permute(2, 0, 3, 1, 4)
        a = F.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], attn_mask=mask)
        a = a.transpose(1, 2).reshape(b, s, h)
        x = self.ln1(x + self.attn_out(a))
        return self.ln2(x + self.ffn_out(F.gelu(self.ffn_in(x))))


class BertClassifier(torch.nn.Module):
    def __init__(self, net: NetworkSpec):
        super().__init__()
        if net.seq_len > MAX_POSITIONS:
            raise ValueError(f"{net.name}: seq_len {net.seq_len} > {MAX_POSITIONS}")
        self.word = torch.nn.Embedding(VOCAB_SIZE, net.hidden)
        self.pos = torch.nn.Embedding(MAX_POSITIONS, net.hidden)
        self.type0 = torch.nn.Parameter(torch.zeros(net.hidden))
        self.ln = torch.nn.LayerNorm(net.hidden, eps=1e-12)
        self.layers = torch.nn.ModuleList(_Layer(net.hidden, net.heads, net.intermediate) for _ in range(net.layers))
        self.pooler = torch.nn.Linear(net.hidden, net.hidden)
        self.classifier = torch.nn.Linear(net.hidden, 2)
        self.seq_len = net.seq_len

    def forward(self, ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        s = ids.shape[1]
        x = self.word(torch.remainder(ids, VOCAB_SIZE)) + self.pos.weight[:s] + self.type0
        x = self.ln(x)
        keep = (attention_mask != 0)[:, None, None, :]
        mask = torch.zeros(keep.shape, dtype=x.dtype, device=x.device).masked_fill(~keep, torch.finfo(x.dtype).min)
        for layer in self.layers:
            x = layer(x, mask)
        pooled = torch.tanh(self.pooler(x[:, 0]))
        return self.classifier(pooled).float()


def _copy_from_transformers(model: BertClassifier, net: NetworkSpec) -> str:
    """Fill model's weights from a randomly initialised transformers BertModel; returns the source used."""
    try:
        from transformers import BertConfig, BertModel
    except Exception as e:  # noqa: BLE001 - any import failure falls back to torch init
        LOG.warning("transformers unavailable (%s): using torch's own random init", e)
        _torch_init(model)
        return f"torch-init ({type(e).__name__})"
    cfg = BertConfig(
        vocab_size=VOCAB_SIZE,
        hidden_size=net.hidden,
        num_hidden_layers=net.layers,
        num_attention_heads=net.heads,
        intermediate_size=net.intermediate,
        max_position_embeddings=MAX_POSITIONS,
        hidden_act="gelu",
    )
    torch.manual_seed(0)
    hf = BertModel(cfg, add_pooling_layer=True).eval()
    sd = hf.state_dict()
    with torch.no_grad():
        model.word.weight.copy_(sd["embeddings.word_embeddings.weight"])
        model.pos.weight.copy_(sd["embeddings.position_embeddings.weight"])
        model.type0.copy_(sd["embeddings.token_type_embeddings.weight"][0])
        model.ln.weight.copy_(sd["embeddings.LayerNorm.weight"])
        model.ln.bias.copy_(sd["embeddings.LayerNorm.bias"])
        for i, layer in enumerate(model.layers):
            p = f"encoder.layer.{i}."
            layer.qkv.weight.copy_(
                torch.cat([sd[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")], 0)
            )
            layer.qkv.bias.copy_(torch.cat([sd[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")], 0))
            layer.attn_out.weight.copy_(sd[p + "attention.output.dense.weight"])
            layer.attn_out.bias.copy_(sd[p + "attention.output.dense.bias"])
            layer.ln1.weight.copy_(sd[p + "attention.output.LayerNorm.weight"])
            layer.ln1.bias.copy_(sd[p + "attention.output.LayerNorm.bias"])
            layer.ffn_in.weight.copy_(sd[p + "intermediate.dense.weight"])
            layer.ffn_in.bias.copy_(sd[p + "intermediate.dense.bias"])
            layer.ffn_out.weight.copy_(sd[p + "output.dense.weight"])
            layer.ffn_out.bias.copy_(sd[p + "output.dense.bias"])
            layer.ln2.weight.copy_(sd[p + "output.LayerNorm.weight"])
            layer.ln2.bias.copy_(sd[p + "output.LayerNorm.bias"])
        model.pooler.weight.copy_(sd["pooler.dense.weight"])
        model.pooler.bias.copy_(sd["pooler.dense.bias"])
        torch.nn.init.normal_(model.classifier.weight, std=0.02)
        torch.nn.init.zeros_(model.classifier.bias)
    import transformers

    return f"transformers {transformers.__version__} BertModel(BertConfig) random init"


def _torch_init(model: BertClassifier) -> None:
    torch.manual_seed(0)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2:
                torch.nn.init.normal_(p, std=0.02)
            elif name.endswith("weight") and "ln" in name:
                torch.nn.init.ones_(p)
            else:
                torch.nn.init.zeros_(p)


def build(net: NetworkSpec, device: torch.device, dtype: torch.dtype) -> Tuple[BertClassifier, str]:
    model = BertClassifier(net)
    source = _copy_from_transformers(model, net)
    model = model.to(device=device, dtype=dtype).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model, source


def build_random(net: NetworkSpec, device: torch.device, dtype: torch.dtype) -> BertClassifier:
    """The same network with torch's random init done on the device itself (no transformers, no host
    copy): what a Python-backend model instance builds in its own process, in well under a second.
    Timing does not depend on the weights' values, only on their shapes and dtype."""
    with torch.device("meta"):
        model = BertClassifier(net)
    model = model.to_empty(device=device)
    _torch_init(model)
    model = model.to(dtype=dtype).eval()
    for p in model.parameters():
        p.requires_grad_(False)
    return model


def reference_check(model: BertClassifier, net: NetworkSpec, device: torch.device) -> float:
    """Compare the fused forward with transformers' own BertModel forward (float32, CPU) on random
    inputs; returns the relative error of the pooled output path via the logits. Used by --selftest."""
    from transformers import BertConfig, BertModel

    cfg = BertConfig(
        vocab_size=VOCAB_SIZE,
        hidden_size=net.hidden,
        num_hidden_layers=net.layers,
        num_attention_heads=net.heads,
        intermediate_size=net.intermediate,
        max_position_embeddings=MAX_POSITIONS,
        hidden_act="gelu",
        attn_implementation="eager",
    )
    torch.manual_seed(0)
    hf = BertModel(cfg, add_pooling_layer=True).eval()
    g = torch.Generator().manual_seed(1)
    ids = torch.randint(0, VOCAB_SIZE, (3, net.seq_len), generator=g, dtype=torch.int64)
    mask = torch.ones(3, net.seq_len, dtype=torch.int64)
    mask[1, net.seq_len // 2 :] = 0
    with torch.no_grad():
        pooled = hf(input_ids=ids, attention_mask=mask).pooler_output
        ref = pooled.double() @ model.classifier.weight.double().cpu().T + model.classifier.bias.double().cpu()
        ours = model(ids.to(device=device, dtype=torch.int32), mask.to(device=device, dtype=torch.int32)).double().cpu()
    return float((ours - ref).norm() / ref.norm())


def flops_per_sample(net: NetworkSpec) -> float:
    """Multiply-adds x2 of one sequence through the encoder (for a sanity check of measured times)."""
    s, h, i = net.seq_len, net.hidden, net.intermediate
    per_layer = 2 * s * (3 * h * h + h * h + 2 * h * i) + 2 * 2 * s * s * h
    return float(net.layers * per_layer)


def describe(nets: List[NetworkSpec]) -> str:
    return ", ".join(
        f"{n.name}: L={n.layers} H={n.hidden} A={n.heads} I={n.intermediate} S={n.seq_len} "
        f"({flops_per_sample(n) / 1e9:.1f} GFLOP/sample)"
        for n in nets
    )
