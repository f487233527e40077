"""The data lifecycle across domains (retention sweeps; issue 10). The top layer: it calls each
domain's own service for that domain's rows, and nothing below imports it."""
