#!/usr/bin/python3
"""Int8 dynamic quantization of an exported decoder, with the onnx package only (onnxruntime's
Python quantizer is not installable offline here).

The same scheme as onnxruntime's dynamic quantization (QOperator-free MatMulInteger form):
  - every MatMul whose right-hand side is a float initializer W (in, out) becomes
      DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zero) -> Cast -> * (x_scale * w_scale)
    with W_q int8 symmetric, one scale per output column (better than per-tensor for the
    narrow weights of a small model, and free at run time: the scale vector is applied after);
  - the tied token embedding (used by Gather for the input and by Transpose -> MatMul for
    the logits) is stored once as int8 with one scale per token: the Gather path dequantizes
    the looked-up rows, the logits path multiplies by the per-token scales.
Everything else (LayerNorm, biases, the small position table) stays float32.

Usage: /usr/bin/python3 quantize.py model.onnx model_quantized.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def _q_cols(w):
    """Symmetric int8 per column of a (K, N) matrix."""
    scale = np.abs(w).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def quantize_model(m):
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    consumers = {}
    for n in g.node:
        for x in n.input:
            consumers.setdefault(x, []).append(n)
    new_nodes, new_inits, drop_inits = [], [], set()
    uid = [0]

    def name(base):
        uid[0] += 1
        return f'{base}_q{uid[0]}'

    def int8_matmul(a, wq_name, wscale_name, out):
        aq, asc, azp = name('a_q'), name('a_scale'), name('a_zp')
        y32, yf, s = name('y_int32'), name('y_float'), name('scale')
        return [
            helper.make_node('DynamicQuantizeLinear', [a], [aq, asc, azp], name=name('DQL')),
            helper.make_node('MatMulInteger', [aq, wq_name, azp], [y32], name=name('MatMulInteger')),
            helper.make_node('Cast', [y32], [yf], to=TensorProto.FLOAT, name=name('Cast')),
            helper.make_node('Mul', [asc, wscale_name], [s], name=name('Mul')),
            helper.make_node('Mul', [yf, s], [out], name=name('Mul')),
        ]

    # The tied embedding: an initializer feeding both a Gather and a Transpose.
    tied = None
    for iname, init in inits.items():
        users = consumers.get(iname, [])
        if {u.op_type for u in users} == {'Gather', 'Transpose'} and len(init.dims) == 2:
            tied = iname
    if tied:
        w = numpy_helper.to_array(inits[tied])  # (V, C)
        q_t, s_t = _q_cols(w.T)                 # per token = per column of W^T
        wq = np.ascontiguousarray(q_t.T)        # stored once, (V, C) int8
        new_inits += [numpy_helper.from_array(wq, tied + '_int8'),
                      numpy_helper.from_array(s_t.reshape(-1, 1), tied + '_row_scale'),
                      numpy_helper.from_array(s_t, tied + '_col_scale')]
        drop_inits.add(tied)

    for n in g.node:
        if tied and n.op_type == 'Gather' and n.input[0] == tied:
            rows, rs = name('emb_int8'), name('emb_scale')
            rf = name('emb_float')
            new_nodes += [
                helper.make_node('Gather', [tied + '_int8', n.input[1]], [rows], name=name('Gather')),
                helper.make_node('Cast', [rows], [rf], to=TensorProto.FLOAT, name=name('Cast')),
                helper.make_node('Gather', [tied + '_row_scale', n.input[1]], [rs], name=name('Gather')),
                helper.make_node('Mul', [rf, rs], list(n.output), name=name('Mul')),
            ]
            continue
        if tied and n.op_type == 'Transpose' and n.input[0] == tied:
            # Feeds the logits MatMul, rewritten below; transpose the int8 copy instead.
            new_nodes.append(helper.make_node('Transpose', [tied + '_int8'], [n.output[0] + '_int8'],
                                              perm=[1, 0], name=name('Transpose')))
            continue
        if n.op_type == 'MatMul':
            b = n.input[1]
            src = next((t for t in g.node if t.output and t.output[0] == b and t.op_type == 'Transpose'
                        and tied and t.input[0] == tied), None)
            if src is not None:
                new_nodes += int8_matmul(n.input[0], b + '_int8', tied + '_col_scale', n.output[0])
                continue
            if b in inits and len(inits[b].dims) == 2 and inits[b].data_type == TensorProto.FLOAT \
                    and len(consumers.get(b, [])) == 1:
                q, s = _q_cols(numpy_helper.to_array(inits[b]))
                new_inits += [numpy_helper.from_array(q, b + '_int8'), numpy_helper.from_array(s, b + '_scale')]
                drop_inits.add(b)
                new_nodes += int8_matmul(n.input[0], b + '_int8', b + '_scale', n.output[0])
                continue
        new_nodes.append(n)

    kept = [i for i in g.initializer if i.name not in drop_inits]
    del g.initializer[:]
    g.initializer.extend(kept + new_inits)
    del g.node[:]
    g.node.extend(new_nodes)
    return m


def quantize_file(src, dst):
    m = onnx.load(src)
    quantize_model(m)
    onnx.checker.check_model(m)
    onnx.save(m, dst)


if __name__ == '__main__':
    quantize_file(sys.argv[1], sys.argv[2])
