import sys
from pathlib import Path

# The tests' own helpers, and the site's build (src/procedures_site, which is not installed).
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).parents[1] / "src"))
