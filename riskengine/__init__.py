"""The risk engine: ranks addresses by how likely an inspection there finds a violation.

Pure Python and Polars, no Django: it reads exchange format v1 (../docs, exchange-format.md) and
knows nothing of the application. The application (regiekamer/risk) hands it frames built from its
own registrations; the command line (`regiekamer risk score|evaluate`) hands it a folder.

    delivery = read_delivery(folder)             # or from_frames({"addresses": df, ...})
    result = score(delivery, as_of=date(2016, 1, 1), config=Config())
    result.scores        # address_id, score, rank, explanation, contributions
    result.fairness      # selection and hit rates per municipality and area, correlations, warnings

Scores are additive: score = sum of weight x indicator value; every address's explanation names
its largest contributions in Dutch. It never uses anything about persons beyond counting them.
"""

from .config import Config
from .delivery import Delivery, Fault, Refused, from_frames, read_delivery
from .scoring import Result, score

VERSION = "1.0.0"

__all__ = ["VERSION", "Config", "Delivery", "Fault", "Refused", "Result", "from_frames", "read_delivery", "score"]
