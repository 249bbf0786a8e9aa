"""The print side's pages: an edition's PDFs (made in the background, downloaded by anyone
who sees the publications), print runs, copies handed out and the stock of each office."""
