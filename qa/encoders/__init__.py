"""The encoders: which one (embedding), ONNX Runtime over models/ (onnx_encoder),
torch (encoder), multilingual-e5-small (multilingual), and the export (export).
Imports qa.core, qa.text and qa.words.
"""
