#!/usr/bin/env python3
"""Turn the public BigBasket product list into a Mandi catalog CSV, for matcher benchmarks at scale.

    python3 scripts/bigbasket-catalog.py [BIGBASKET_CSV] > fixtures/bigbasket-catalog.csv

Input columns: index,product,category,sub_category,brand,sale_price,market_price,type,rating (20,000 rows; see
../shared/data/README.md). Output columns: sku,name,unit,pack_size,price,category,aliases, as `mandi catalog import`
reads them. The brand is put in front of the name (shops name the brand first, and the matcher reads a name's first
word as its brand); a size written in the name ("500 g", "1 kg", "225 ml") becomes the pack, otherwise the product is
one piece. SKUs are BB-<index>, clear of the demo catalog's.
"""

import csv
import re
import sys

DEFAULT = "../shared/data/bigbasket-products.csv"
SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*(kg|gms|gm|g|ml|ltr|litre|l)\b", re.IGNORECASE)
UNIT = {"kg": "kg", "g": "g", "gm": "g", "gms": "g", "ml": "ml", "l": "l", "ltr": "l", "litre": "l"}


def pack(name):
    found = SIZE.search(name)
    if not found:
        return "pc", "1"
    return UNIT[found.group(2).lower()], found.group(1)


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["sku", "name", "unit", "pack_size", "price", "category", "aliases"])
    with open(source, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            product = " ".join(row["product"].split())
            brand = " ".join(row["brand"].split())
            name = product if not brand or product.lower().startswith(brand.lower()) else f"{brand} {product}"
            unit, size = pack(product)
            if unit in ("g", "ml") and float(size) != int(float(size)):
                size = str(max(1, round(float(size))))
            if float(size) <= 0:
                unit, size = "pc", "1"
            price = row["sale_price"].strip() or "0"
            out.writerow([f"BB-{row['index']}", name, unit, size, price, row["category"].strip(), ""])


if __name__ == "__main__":
    main()
