"""What every stage uses: the texts, dates, verdict ids, standard error and atomic writing."""
