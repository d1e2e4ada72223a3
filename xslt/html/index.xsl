<?xml version="1.0" encoding="UTF-8"?>
<!--
  Entry stylesheet: the site's front page, index.html. It never lists the whole run (a run may hold
  100,000+ articles): the edition's title, the search box, the years with their counts (each links to
  its date page, dates/<year>/index.html, the way in), and the latest articles. Input, written by
  teiedit.render_html from the ArticleMetas:
    <index count="N">
      <year value="1958" count="…"/>*                      (in order)
      <article id href tei pdf date page section column>   (the latest, newest first; a bounded number)
        <title lang="zh-Hans"/> <title lang="en"/> <author lang="…"/>*</article>*</index>
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tc="urn:teiedit:common"
    xmlns:h="urn:teiedit:html"
    exclude-result-prefixes="#all">

  <xsl:include href="../common/links.xsl"/>
  <xsl:include href="page.xsl"/>

  <xsl:mode name="h:index" on-no-match="fail"/>

  <xsl:template match="/">
    <xsl:apply-templates select="index" mode="h:index"/>
  </xsl:template>

  <xsl:function name="h:count" as="element()+">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="h:ui(format-integer($n, '#,##0') || (if ($n = 1) then ' article' else ' articles'),
                               '共 ' || $n || ' 篇')"/>
  </xsl:function>

  <xsl:template match="index" mode="h:index">
    <xsl:variable name="total" select="xs:integer(@count)"/>
    <xsl:call-template name="h:page">
      <xsl:with-param name="root" select="''"/>
      <xsl:with-param name="page-class" select="'index-page'"/>
      <xsl:with-param name="title" select="$edition-title"/>
      <xsl:with-param name="content">
        <h1 class="index-title">
          <span lang="en"><xsl:value-of select="$edition-title"/></span>
          <xsl:if test="$edition-title-zh != ''">
            <span class="index-title-zh" lang="zh-Hans"><xsl:value-of select="$edition-title-zh"/></span>
          </xsl:if>
        </h1>
        <p class="count"><xsl:sequence select="h:count($total)"/></p>
        <section class="front-search" aria-labelledby="front-search-title">
          <h2 id="front-search-title"><xsl:sequence select="h:ui('Search', '检索')"/></h2>
          <p class="hint"><xsl:sequence select="h:ui('Search both languages at once: a name, a slogan, a place, in Chinese or English.',
                                                     '中英文同时检索：人名、口号、地名，中文英文均可。')"/></p>
          <xsl:call-template name="h:search-form">
            <xsl:with-param name="root" select="''"/>
            <xsl:with-param name="id" select="'front-q'"/>
            <xsl:with-param name="label" select="h:ui('Search in Chinese or English', '中英文检索')"/>
          </xsl:call-template>
        </section>
        <xsl:if test="year">
          <nav class="years" aria-labelledby="years-title">
            <h2 id="years-title"><xsl:sequence select="h:ui('Browse by date', '按日期浏览')"/></h2>
            <ul class="year-list">
              <xsl:for-each select="year">
                <li>
                  <a href="dates/{encode-for-uri(@value)}/index.html"><xsl:value-of select="@value"/></a>
                  <xsl:text> </xsl:text>
                  <span class="n"><xsl:sequence select="h:count(xs:integer(@count))"/></span>
                </li>
              </xsl:for-each>
            </ul>
            <p><a href="dates/index.html"><xsl:sequence select="h:ui('All years', '全部年份')"/></a></p>
          </nav>
        </xsl:if>
        <xsl:if test="article">
          <section class="latest" aria-labelledby="latest-title">
            <h2 id="latest-title">
              <xsl:sequence select="if (count(article) lt $total)
                then h:ui('The latest ' || count(article) || ' articles', '最新 ' || count(article) || ' 篇')
                else h:ui('Articles', '文章')"/>
            </h2>
            <ol class="article-list">
              <xsl:apply-templates select="article" mode="h:index"/>
            </ol>
          </section>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="article" mode="h:index">
    <li class="article-entry" id="a-{@id}">
      <p class="when">
        <time datetime="{@date}"><xsl:value-of select="@date"/></time>
        <xsl:if test="@page != ''"> · p. <xsl:value-of select="@page"/></xsl:if>
        <xsl:if test="@section != ''"> · <span lang="zh-Hans"><xsl:value-of select="@section"/></span></xsl:if>
        <xsl:if test="@column != ''"> · <span lang="zh-Hans"><xsl:value-of select="@column"/></span></xsl:if>
      </p>
      <p class="titles">
        <a href="{tc:safe-url(@href)}">
          <span class="t-zh" lang="zh-Hans"><xsl:value-of select="title[@lang = 'zh-Hans']"/></span>
          <span class="t-en" lang="en"><xsl:value-of select="title[@lang = 'en']"/></span>
        </a>
      </p>
      <p class="by">
        <xsl:if test="author">
          <span lang="zh-Hans"><xsl:value-of select="string-join(author[@lang = 'zh-Hans'], '、')"/></span>
          <xsl:if test="author[@lang = 'en']">
            <xsl:text> </xsl:text>
            <span lang="en"><xsl:value-of select="string-join(author[@lang = 'en'], '; ')"/></span>
          </xsl:if>
        </xsl:if>
        <span class="downloads">
          <a href="{tc:safe-url(@tei)}" type="application/tei+xml" aria-label="TEI of {@id}">TEI</a>
          <xsl:if test="@pdf != ''">
            <xsl:text> </xsl:text>
            <a href="{tc:safe-url(@pdf)}" type="application/pdf" aria-label="PDF of {@id}">PDF</a>
          </xsl:if>
        </span>
      </p>
    </li>
  </xsl:template>
</xsl:stylesheet>
