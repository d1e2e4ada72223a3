<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet: one TEI article → its HTML page (articles/<id>.html).
  Layout: a header row with both titles and bylines, the source and edition statement with a
  "cite this" block, the parallel view (one grid row per aligned group of paragraphs, Chinese left,
  English right), notes per language, the entity index, and links to the previous/next article and
  the day's page when the build passes them (prev-href, next-href, day-href).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tb="urn:teiedit:behaviours"
    xmlns:tc="urn:teiedit:common"
    xmlns:h="urn:teiedit:html"
    exclude-result-prefixes="#all">

  <xsl:include href="../common/behaviours.xsl"/>
  <xsl:include href="../common/links.xsl"/>
  <xsl:include href="../common/credits.xsl"/>
  <xsl:include href="../common/reading.xsl"/>
  <xsl:include href="page.xsl"/>
  <xsl:include href="text.xsl"/>

  <!-- the page as a whole -->
  <xsl:mode name="h:article" on-no-match="fail"/>

  <!-- where this page's downloads are, relative to it ('' when not built) -->
  <xsl:param name="tei-href" as="xs:string" select="''"/>
  <xsl:param name="pdf-href" as="xs:string" select="''"/>
  <!-- neighbours by date and page, and the day's page (issue 9's browse pages) -->
  <xsl:param name="prev-href" as="xs:string" select="''"/>
  <xsl:param name="prev-label" as="xs:string" select="''"/>
  <xsl:param name="next-href" as="xs:string" select="''"/>
  <xsl:param name="next-label" as="xs:string" select="''"/>
  <xsl:param name="day-href" as="xs:string" select="''"/>
  <xsl:param name="day-label" as="xs:string" select="''"/>

  <xsl:variable name="h:root" select="'../'"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI" mode="h:article"/>
  </xsl:template>

  <xsl:template match="tei:TEI" mode="h:article">
    <xsl:variable name="fd" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="monogr" select="$fd/tei:sourceDesc/tei:biblStruct/tei:monogr"/>
    <xsl:variable name="m" as="map(*)" select="map{
      'id': string(@xml:id),
      'title-zh': normalize-space(($fd/tei:titleStmt/tei:title[@xml:lang = 'zh-Hans'][not(@type = 'sub')])[1]),
      'title-en': normalize-space(($fd/tei:titleStmt/tei:title[@xml:lang = 'en'][not(@type = 'sub')])[1]),
      'authors-zh': $fd/tei:titleStmt/tei:author ! normalize-space((tei:persName[@xml:lang = 'zh-Hans'],
                      if (tei:persName) then () else .)[1])[. != ''],
      'authors-en': $fd/tei:titleStmt/tei:author ! normalize-space(tei:persName[@xml:lang = 'en'][1])[. != ''],
      'date': string(($monogr/tei:imprint/tei:date/@when)[1]),
      'page': normalize-space(($monogr/tei:biblScope[@unit = 'page']/@from, $monogr/tei:biblScope[@unit = 'page'])[1]),
      'section': normalize-space($monogr/tei:biblScope[@unit = 'section'][1]),
      'column': normalize-space($monogr/tei:biblScope[@unit = 'column'][1]),
      'licence': normalize-space(($fd/tei:publicationStmt/tei:availability/tei:licence[@n = 'encoding'], $fd/tei:publicationStmt/tei:availability/tei:licence, $licence)[1]),
      'licence-url': string((($fd/tei:publicationStmt/tei:availability/tei:licence[@n = 'encoding'], $fd/tei:publicationStmt/tei:availability/tei:licence)[1]/@target, $licence-url)[1])
    }"/>
    <xsl:call-template name="h:page">
      <xsl:with-param name="root" select="$h:root"/>
      <xsl:with-param name="page-class" select="'article-page'"/>
      <xsl:with-param name="title" select="string-join(($m?title-en, $m?title-zh)[. != ''], ' · ')
                                           || ' — ' || $edition-title"/>
      <xsl:with-param name="head">
        <xsl:call-template name="h:meta-tags">
          <xsl:with-param name="m" select="$m"/>
        </xsl:call-template>
      </xsl:with-param>
      <xsl:with-param name="content">
        <article class="edition" aria-labelledby="ed-title-en" data-cite="{h:citation-head($m)}"
            data-permalink="{if ($h:base != '') then $h:base || 'articles/' || $m?id || '.html' else ''}">
          <xsl:call-template name="h:title-row"/>
          <xsl:call-template name="h:about">
            <xsl:with-param name="m" select="$m"/>
          </xsl:call-template>
          <div class="toolbar" id="ed-toolbar" hidden="hidden">
            <div class="view-switch" role="group" aria-label="View · 显示">
              <button type="button" data-view-set="parallel" aria-pressed="true"><xsl:sequence select="h:ui('Parallel', '对照')"/></button>
              <button type="button" data-view-set="zh" aria-pressed="false" lang="zh-Hans">中文</button>
              <button type="button" data-view-set="en" aria-pressed="false">English</button>
            </div>
            <xsl:if test="exists(//tei:linkGrp[@type = 'alignment']/tei:link[@cert or tc:reviewed(.)])">
              <label class="cert-toggle"><input type="checkbox" id="ed-cert" data-below="{$uncertain-below}"/> <xsl:sequence select="h:ui('Mark uncertain alignments (certainty &lt; ' || $uncertain-below || ')', '标出不确定的对齐（置信度 &lt; ' || $uncertain-below || '）')"/></label>
            </xsl:if>
          </div>
          <div class="parallel" id="ed-text">
            <xsl:call-template name="h:rows"/>
          </div>
          <!-- moved beside the pinned sentence by edition.js -->
          <span class="sentence-tools" id="ed-sentence-tools" role="group" aria-label="Sentence · 句子" hidden="hidden">
            <button type="button" data-act="cite-sentence"><xsl:sequence select="h:ui('Cite this sentence', '引用此句')"/></button>
            <button type="button" data-act="copy-link"><xsl:sequence select="h:ui('Copy link', '复制链接')"/></button>
            <span class="tools-status" role="status" aria-live="polite"></span>
          </span>
          <span hidden="hidden" id="ed-messages" data-copied-en="Copied" data-copied-zh="已复制"
                data-sentence-en="sentence" data-sentence-zh="句"></span>
          <xsl:call-template name="h:notes"/>
          <xsl:call-template name="h:entities"/>
          <xsl:call-template name="h:neighbours"/>
        </article>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ===== head: citation meta tags (Zotero, Google Scholar) and Dublin Core ===== -->

  <xsl:template name="h:meta-tags">
    <xsl:param name="m" as="map(*)"/>
    <xsl:variable name="url" select="if ($h:base != '') then $h:base || 'articles/' || $m?id || '.html' else ''"/>
    <!-- Zotero (translator "Embedded Metadata") picks the item type from these tags: any
         citation_journal_title makes a journal article, so there is none; with no such Highwire type
         tag, DC.type naming a Zotero item type decides (newspaperArticle), and prism.publicationName
         gives the newspaper. The cited item is the original; its English title is marked as the
         translation's, in brackets (tests/test_render_html.py re-states the rule). -->
    <meta name="citation_title" content="{$m?title-zh} [{$m?title-en}]"/>
    <xsl:for-each select="if (exists($m?authors-en)) then $m?authors-en else $m?authors-zh">
      <meta name="citation_author" content="{.}"/>
    </xsl:for-each>
    <meta name="citation_publication_date" content="{translate($m?date, '-', '/')}"/>
    <meta name="citation_date" content="{$m?date}"/>
    <meta name="prism.publicationName" content="{$newspaper-zh} ({$newspaper-en})"/>
    <xsl:if test="$m?page != ''">
      <meta name="citation_firstpage" content="{$m?page}"/>
      <meta name="citation_lastpage" content="{$m?page}"/>
    </xsl:if>
    <meta name="citation_language" content="zh"/>
    <meta name="citation_language" content="en"/>
    <xsl:if test="$url != ''">
      <meta name="citation_abstract_html_url" content="{$url}"/>
      <xsl:if test="$pdf-href != ''">
        <meta name="citation_pdf_url" content="{$h:base}pdf/{$m?id}.pdf"/>
      </xsl:if>
      <link rel="canonical" href="{$url}"/>
    </xsl:if>
    <xsl:if test="tc:safe-url($prev-href) != ''"><link rel="prev" href="{tc:safe-url($prev-href)}"/></xsl:if>
    <xsl:if test="tc:safe-url($next-href) != ''"><link rel="next" href="{tc:safe-url($next-href)}"/></xsl:if>
    <link rel="schema.DC" href="http://purl.org/dc/elements/1.1/"/>
    <meta name="DC.title" lang="zh-Hans" content="{$m?title-zh}"/>
    <meta name="DC.title" lang="en" content="{$m?title-en}"/>
    <xsl:for-each select="$m?authors-zh">
      <meta name="DC.creator" lang="zh-Hans" content="{.}"/>
    </xsl:for-each>
    <xsl:for-each select="$m?authors-en">
      <meta name="DC.creator" lang="en" content="{.}"/>
    </xsl:for-each>
    <meta name="DC.date" content="{$m?date}"/>
    <meta name="DC.source" content="{$newspaper-zh} ({$newspaper-en}), {$m?date}, p. {$m?page}"/>
    <meta name="DC.language" content="zh-Hans"/>
    <meta name="DC.language" content="en"/>
    <meta name="DC.type" content="newspaperArticle"/>
    <meta name="DC.description" lang="en" content="{$m?title-zh}, {$newspaper-zh} ({$newspaper-en}), {$m?date}, p. {$m?page}: the Chinese original with an English translation ({$m?title-en})."/>
    <meta name="DC.format" content="text/html"/>
    <meta name="DC.identifier" content="{if ($url != '') then $url else $m?id}"/>
    <xsl:if test="$publisher != ''">
      <meta name="DC.publisher" content="{$publisher}"/>
    </xsl:if>
    <xsl:if test="$m?licence != ''">
      <meta name="DC.rights" content="{$m?licence}"/>
    </xsl:if>
    <xsl:if test="$edition-title != ''">
      <meta name="DC.relation.isPartOf" content="{$edition-title}"/>
    </xsl:if>
    <xsl:if test="tc:safe-url($tei-href) != ''">
      <link rel="alternate" type="application/tei+xml" href="{tc:safe-url($tei-href)}"/>
    </xsl:if>
    <script type="application/ld+json"><xsl:value-of select="h:json-ld($m, $url)"/></script>
  </xsl:template>

  <!-- schema.org for crawlers: the original as a NewsArticle in its newspaper issue, the English as its
       translation (translationOfWork / workTranslation); serialised by XPath's JSON output, which
       escapes what must be (a "</script>" in a title cannot end the script) -->
  <xsl:function name="h:json-ld" as="xs:string">
    <xsl:param name="m" as="map(*)"/>
    <xsl:param name="url" as="xs:string"/>
    <xsl:variable name="self" select="if ($url != '') then $url else $m?id || '.html'"/>
    <xsl:variable name="persons" select="function($names as xs:string*) as array(*) {
        array { $names ! map { '@type': 'Person', 'name': string(.) } } }"/>
    <xsl:variable name="issue" select="map {
        '@type': 'PublicationIssue',
        'datePublished': string($m?date),
        'isPartOf': map { '@type': 'Newspaper', 'name': $newspaper-zh, 'alternateName': $newspaper-en } }"/>
    <xsl:variable name="translation" select="map {
        '@type': 'Article',
        '@id': $self || '#en',
        'headline': string($m?title-en),
        'inLanguage': 'en',
        'author': $persons($m?authors-en),
        'translationOfWork': map { '@id': $self || '#zh' } }"/>
    <xsl:variable name="original" select="map {
        '@context': 'https://schema.org',
        '@type': 'NewsArticle',
        '@id': $self || '#zh',
        'url': $self,
        'headline': string($m?title-zh),
        'inLanguage': 'zh-Hans',
        'datePublished': string($m?date),
        'author': $persons($m?authors-zh),
        'pageStart': string($m?page),
        'isPartOf': $issue,
        'workTranslation': $translation }"/>
    <xsl:sequence select="serialize($original, map { 'method': 'json', 'indent': false() })"/>
  </xsl:function>

  <!-- ===== the article ===== -->

  <xsl:function name="h:divisions" as="element(tei:div)*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="root($doc)/tei:TEI/tei:text/tei:body/tei:div"/>
  </xsl:function>

  <!-- the two divisions: original (left) and translation (right) -->
  <xsl:variable name="h:zh" select="(/tei:TEI/tei:text/tei:body/tei:div[@type = 'original'],
                                     /tei:TEI/tei:text/tei:body/tei:div[1])[1]"/>
  <xsl:variable name="h:en" select="(/tei:TEI/tei:text/tei:body/tei:div[@type = 'translation'],
                                     /tei:TEI/tei:text/tei:body/tei:div[2])[1] except $h:zh"/>

  <!-- a division's opening: leading head and byline elements -->
  <xsl:function name="h:opening" as="element()*">
    <xsl:param name="div" as="element()?"/>
    <xsl:sequence select="$div/*[self::tei:head or self::tei:byline]
                          [empty(preceding-sibling::*[not(self::tei:head or self::tei:byline)])]"/>
  </xsl:function>

  <xsl:function name="h:lang" as="xs:string">
    <xsl:param name="div" as="element()?"/>
    <xsl:param name="default" as="xs:string"/>
    <xsl:sequence select="(tc:lang-tag($div/@xml:lang)[. != ''], $default)[1]"/>
  </xsl:function>

  <xsl:template name="h:title-row">
    <div class="row row-head">
      <xsl:for-each select="($h:zh, $h:en)">
        <xsl:variable name="side" select="if (. is $h:zh) then 'zh' else 'en'"/>
        <div class="cell {$side}" lang="{h:lang(., if ($side = 'zh') then 'zh-Hans' else 'en')}">
          <xsl:for-each select="h:opening(.)">
            <xsl:choose>
              <xsl:when test="self::tei:head[not(@type = 'sub')]">
                <h1 class="tei-head" id="ed-title-{$side}">
                  <xsl:if test="@xml:id"><xsl:attribute name="data-tei-id" select="@xml:id"/></xsl:if>
                  <xsl:apply-templates mode="h:text"/>
                </h1>
              </xsl:when>
              <xsl:otherwise>
                <xsl:apply-templates select="." mode="h:text"/>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </div>
      </xsl:for-each>
    </div>
  </xsl:template>

  <xsl:template name="h:about">
    <xsl:param name="m" as="map(*)"/>
    <xsl:variable name="place" select="string-join((
        if ($m?page != '') then 'page ' || $m?page else (),
        if ($m?section != '') then 'section ' || $m?section else (),
        if ($m?column != '') then 'column ' || $m?column else ()), ', ')"/>
    <xsl:variable name="place-zh" select="string-join((
        if ($m?page != '') then '第' || $m?page || '版' else (),
        if ($m?section != '') then '（' || $m?section || '）' else (),
        if ($m?column != '') then '专栏：' || $m?column else ()), '')"/>
    <details class="about" id="ed-about" open="open">
      <summary>
        <span class="summary-label"><xsl:sequence select="h:ui('About this article', '出处与引用')"/></span>
        <span class="summary-source"><xsl:value-of select="$newspaper-zh || ' ' || $newspaper-en || ', '
            || h:date-en($m?date) || (if ($m?page != '') then ', p. ' || $m?page else '')"/></span>
      </summary>
      <div class="about-body">
      <dl class="facts">
        <div>
          <dt><xsl:sequence select="h:ui('Author', '作者')"/></dt>
          <dd>
            <xsl:choose>
              <xsl:when test="empty($m?authors-zh) and empty($m?authors-en)"><xsl:sequence select="h:ui('not named', '佚名')"/></xsl:when>
              <xsl:otherwise>
                <span lang="zh-Hans"><xsl:value-of select="string-join($m?authors-zh, '、')"/></span>
                <xsl:if test="exists($m?authors-en)">
                  <xsl:text> </xsl:text>
                  <span lang="en"><xsl:value-of select="string-join($m?authors-en, '; ')"/></span>
                </xsl:if>
              </xsl:otherwise>
            </xsl:choose>
          </dd>
        </div>
        <div>
          <dt><xsl:sequence select="h:ui('Source', '出处')"/></dt>
          <dd>
            <cite lang="zh-Hans"><xsl:value-of select="$newspaper-zh"/></cite>
            <xsl:text> </xsl:text>
            <cite><xsl:value-of select="$newspaper-en"/></cite>
            <xsl:text>, </xsl:text>
            <time datetime="{$m?date}"><xsl:value-of select="h:date-en($m?date)"/></time>
            <xsl:if test="$place != ''">, <xsl:value-of select="$place"/></xsl:if>
            <xsl:text> · </xsl:text>
            <span lang="zh-Hans"><xsl:value-of select="h:date-zh($m?date) || $place-zh"/></span>
          </dd>
        </div>
        <div>
          <dt><xsl:sequence select="h:ui('Edition', '版本')"/></dt>
          <dd>
            <xsl:for-each select="/tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:respStmt">
              <xsl:value-of select="tc:credit(., '; ')"/>
              <xsl:text>. </xsl:text>
            </xsl:for-each>
            <xsl:if test="$editors != ''"><xsl:sequence select="h:ui('Edited by', '编者：')"/><xsl:text> </xsl:text><xsl:value-of select="$editors"/>. </xsl:if>
            <xsl:if test="$m?licence != ''">
              <xsl:sequence select="h:ui('Licence: ', '许可协议：')"/>
              <xsl:call-template name="h:maybe-link">
                <xsl:with-param name="href" select="$m?licence-url"/>
                <xsl:with-param name="text" select="$m?licence"/>
                <xsl:with-param name="rel" select="'license'"/>
              </xsl:call-template>
              <xsl:text>.</xsl:text>
            </xsl:if>
          </dd>
        </div>
        <xsl:if test="$tei-href != '' or $pdf-href != ''">
          <div>
            <dt><xsl:sequence select="h:ui('Download', '下载')"/></dt>
            <dd class="downloads">
              <xsl:if test="tc:safe-url($tei-href) != ''">
                <a class="download tei" href="{tc:safe-url($tei-href)}" type="application/tei+xml"
                   download="">TEI P5 (XML)</a>
              </xsl:if>
              <xsl:if test="tc:safe-url($pdf-href) != ''">
                <xsl:text> </xsl:text>
                <a class="download pdf" href="{tc:safe-url($pdf-href)}" type="application/pdf">PDF</a>
              </xsl:if>
            </dd>
          </div>
        </xsl:if>
      </dl>
      <div class="cite" id="ed-cite">
        <h2 class="cite-title"><xsl:sequence select="h:ui('Cite this article', '引用本文')"/></h2>
        <p class="cite-text" id="ed-cite-text">
          <xsl:value-of select="h:citation($m, /tei:TEI/tei:teiHeader/tei:fileDesc/tei:titleStmt)"/>
        </p>
        <button type="button" class="copy" data-copy="ed-cite-text" hidden="hidden"><xsl:sequence select="h:ui('Copy citation', '复制引文')"/></button>
      </div>
      </div>
    </details>
  </xsl:template>

  <!-- the article part of a citation (authors, titles, newspaper, date, page), for citing one sentence -->
  <xsl:function name="h:citation-head" as="xs:string">
    <xsl:param name="m" as="map(*)"/>
    <xsl:variable name="authors" select="string-join((
        string-join($m?authors-en, '; '),
        if (exists($m?authors-zh)) then '(' || string-join($m?authors-zh, '、') || ')' else ()
      )[. != ''], ' ')"/>
    <xsl:sequence select="string-join((
        if ($authors != '') then $authors || '. ' else '',
        '“', $m?title-en, '” [', $m?title-zh, ']. ',
        $newspaper-en, ' (', $newspaper-zh, '), ', h:date-en($m?date),
        if ($m?page != '') then ', p. ' || $m?page else ''), '')"/>
  </xsl:function>

  <!-- the recommended citation, as text: the article, its contributors (tc:citation-credits: every
       respStmt that names someone; no "Translated by" for an unknown translator), the edition -->
  <xsl:function name="h:citation" as="xs:string">
    <xsl:param name="m" as="map(*)"/>
    <xsl:param name="title-stmt" as="element(tei:titleStmt)?"/>
    <xsl:variable name="credits" select="string-join(tc:citation-credits($title-stmt), '. ')"/>
    <xsl:variable name="authors" select="string-join((
        string-join($m?authors-en, '; '),
        if (exists($m?authors-zh)) then '(' || string-join($m?authors-zh, '、') || ')' else ()
      )[. != ''], ' ')"/>
    <xsl:variable name="url" select="if ($h:base != '') then $h:base || 'articles/' || $m?id || '.html'
                                     else $m?id"/>
    <xsl:sequence select="string-join((
        if ($authors != '') then $authors || '. ' else '',
        '“', $m?title-en, '” [', $m?title-zh, ']. ',
        $newspaper-en, ' (', $newspaper-zh, '), ', h:date-en($m?date),
        if ($m?page != '') then ', p. ' || $m?page else '', '. ',
        if ($credits != '') then $credits || '. ' else '',
        'In ', $edition-title,
        if ($editors != '') then ', edited by ' || $editors else '',
        if ($publisher != '') then '. ' || $publisher else '',
        if ($edition-date != '') then ', ' || $edition-date else '', '. ',
        $url, '.'), '')"/>
  </xsl:function>

  <!-- ===== the parallel view =====
       Rows: the English blocks point at their Chinese blocks with @corresp (n:m). A Chinese block's row
       is the earliest row of the English blocks that point at it (or its own place); an English block
       sits in the row of its targets, or just after the previous English block when it has none. -->

  <xsl:key name="h:corresp" match="tei:body/tei:div/*[@corresp]" use="tokenize(normalize-space(@corresp), ' ')"/>

  <xsl:function name="h:place" as="xs:decimal">
    <xsl:param name="block" as="element()"/>
    <xsl:sequence select="count($block/preceding-sibling::*) + 1"/>
  </xsl:function>

  <xsl:function name="h:targets" as="element()*">
    <xsl:param name="en-block" as="element()"/>
    <xsl:sequence select="h:blocks($h:zh)[@xml:id = (tokenize(normalize-space($en-block/@corresp), ' ')
                                          [starts-with(., '#')] ! substring(., 2))]"/>
  </xsl:function>

  <xsl:function name="h:blocks" as="element()*">
    <xsl:param name="div" as="element()?"/>
    <xsl:sequence select="$div/* except h:opening($div)"/>
  </xsl:function>

  <xsl:function name="h:zh-row" as="xs:decimal">
    <xsl:param name="z" as="element()"/>
    <xsl:variable name="pointing" select="if ($z/@xml:id) then key('h:corresp', '#' || $z/@xml:id, root($z))
                                          [parent::* is $h:en] else ()"/>
    <xsl:sequence select="min((h:place($z), for $e in $pointing, $t in h:targets($e) return h:place($t)))"/>
  </xsl:function>

  <xsl:function name="h:en-row" as="xs:decimal">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="targets" select="h:targets($e)"/>
    <xsl:variable name="previous" select="$e/preceding-sibling::*[exists(h:targets(.))][1]"/>
    <xsl:sequence select="
      if (exists($targets)) then min($targets ! h:zh-row(.))
      else if (exists($previous)) then min(h:targets($previous) ! h:zh-row(.)) + 0.5
      else 0.5"/>
  </xsl:function>

  <xsl:template name="h:rows">
    <xsl:variable name="zh-blocks" select="h:blocks($h:zh)"/>
    <xsl:variable name="en-blocks" select="h:blocks($h:en)"/>
    <xsl:variable name="zh-lang" select="h:lang($h:zh, 'zh-Hans')"/>
    <xsl:variable name="en-lang" select="h:lang($h:en, 'en')"/>
    <xsl:for-each-group select="$zh-blocks, $en-blocks"
        group-by="if (parent::* is $h:zh) then h:zh-row(.) else h:en-row(.)">
      <xsl:sort select="current-grouping-key()"/>
      <div class="row">
        <div class="cell zh" lang="{$zh-lang}">
          <xsl:apply-templates select="current-group()[parent::* is $h:zh]" mode="h:text"/>
        </div>
        <div class="cell en" lang="{$en-lang}">
          <xsl:apply-templates select="current-group()[parent::* is $h:en]" mode="h:text"/>
        </div>
      </div>
    </xsl:for-each-group>
    <!-- any further division (neither original nor translation) follows, whole -->
    <xsl:for-each select="h:divisions(/) except ($h:zh, $h:en)">
      <div class="row row-wide">
        <xsl:apply-templates select="." mode="h:text"/>
      </div>
    </xsl:for-each>
  </xsl:template>

  <!-- notes of each language under its column -->
  <xsl:template name="h:notes">
    <xsl:variable name="zh-notes" select="$h:zh//tei:note[empty(ancestor::tei:note)]"/>
    <xsl:variable name="en-notes" select="$h:en//tei:note[empty(ancestor::tei:note)]"/>
    <xsl:if test="exists($zh-notes | $en-notes)">
      <section class="notes" aria-labelledby="ed-notes-title">
        <h2 id="ed-notes-title"><xsl:sequence select="h:ui('Notes', '注释')"/></h2>
        <div class="row">
          <div class="cell zh" lang="{h:lang($h:zh, 'zh-Hans')}">
            <xsl:if test="exists($zh-notes)">
              <ol class="note-list"><xsl:apply-templates select="$zh-notes" mode="h:note-body"/></ol>
            </xsl:if>
          </div>
          <div class="cell en" lang="{h:lang($h:en, 'en')}">
            <xsl:if test="exists($en-notes)">
              <ol class="note-list"><xsl:apply-templates select="$en-notes" mode="h:note-body"/></ol>
            </xsl:if>
          </div>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- persons, places, organisations … the text points at (standOff lists) -->
  <xsl:template name="h:entities">
    <xsl:variable name="entries" select="/tei:TEI/tei:standOff//*[@xml:id]
        [parent::tei:listPerson or parent::tei:listPlace or parent::tei:listOrg or parent::tei:listEvent
         or parent::tei:listObject or parent::tei:listBibl or parent::tei:list]"/>
    <xsl:if test="exists($entries)">
      <section class="entities" aria-labelledby="ed-entities-title">
        <h2 id="ed-entities-title"><xsl:sequence select="h:ui('Names', '人名地名')"/></h2>
        <dl class="entity-list">
          <xsl:apply-templates select="$entries" mode="h:entity"/>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- previous / next article by date and page, and the day's articles (labels are their titles, dates) -->
  <xsl:template name="h:neighbours">
    <xsl:if test="tc:safe-url($prev-href) != '' or tc:safe-url($next-href) != '' or tc:safe-url($day-href) != ''">
      <nav class="neighbours" aria-label="Other articles · 其他文章">
        <xsl:if test="tc:safe-url($prev-href) != ''">
          <a rel="prev" class="prev" href="{tc:safe-url($prev-href)}">
            <span class="nb-what">← <xsl:sequence select="h:ui('Previous article', '上一篇')"/></span>
            <span class="nb-title"><xsl:value-of select="$prev-label"/></span>
          </a>
        </xsl:if>
        <xsl:if test="tc:safe-url($day-href) != ''">
          <a class="day" href="{tc:safe-url($day-href)}">
            <span class="nb-what"><xsl:sequence select="h:ui('All articles of the day', '当日全部文章')"/></span>
            <span class="nb-title"><xsl:value-of select="$day-label"/></span>
          </a>
        </xsl:if>
        <xsl:if test="tc:safe-url($next-href) != ''">
          <a rel="next" class="next" href="{tc:safe-url($next-href)}">
            <span class="nb-what"><xsl:sequence select="h:ui('Next article', '下一篇')"/> →</span>
            <span class="nb-title"><xsl:value-of select="$next-label"/></span>
          </a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
