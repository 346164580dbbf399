#!/usr/bin/python3
"""Issue 11 crops: 300 x 300 px of the template PNG (left) and the preview (right), 4 px white between.
usage: bench/crops.py OUTDIR   (OUTDIR holds webp_lossy_sunset_1mp-* and jpeg_icc_forest_path_4mp-* from the bench)
writes bench/crops/sunset-after.png (x 50..350, y 550..850) and bench/crops/forest-path-after.png (x 300..600, y 300..600)"""
import os, sys
from PIL import Image

out = sys.argv[1]
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "crops")
for base, name, x, y in (("webp_lossy_sunset_1mp", "sunset", 50, 550), ("jpeg_icc_forest_path_4mp", "forest-path", 300, 300)):
    t = Image.open(os.path.join(out, base + "-template.png")).convert("RGB").crop((x, y, x + 300, y + 300))
    p = Image.open(os.path.join(out, base + "-preview.png")).convert("RGB").crop((x, y, x + 300, y + 300))
    c = Image.new("RGB", (604, 300), (255, 255, 255))
    c.paste(t, (0, 0)); c.paste(p, (304, 0))
    c.save(os.path.join(here, name + "-after.png"))
